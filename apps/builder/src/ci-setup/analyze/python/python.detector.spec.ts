import { TempTrees } from '../tree.testing';
import { detectPythonComponent } from './python.detector';

const trees = new TempTrees();
afterAll(() => trees.cleanup());

async function detect(files: Record<string, string>, options: { dir?: string; loose?: boolean } = {}) {
  const tree = await trees.tree(files);
  return detectPythonComponent({ tree, dir: options.dir ?? '.', fallbackName: 'app', ...(options.loose ? { loose: true } : {}) });
}

describe('detectPythonComponent', () => {
  it('reads poetry: its lockfile, the python dependency as the runtime, pytest and pytest-cov from a dev group', async () => {
    const found = await detect({
      'pyproject.toml': [
        '[tool.poetry]', 'name = "shop-api"', '', '[tool.poetry.dependencies]', 'python = "^3.11"', 'fastapi = "^0.110"', '',
        '[tool.poetry.group.dev.dependencies]', 'pytest = "^8"', 'pytest-cov = { version = "^5", optional = true }', '',
      ].join('\n'),
      'poetry.lock': '',
      'tests/test_api.py': '',
    });
    expect(found?.component).toEqual({
      path: '.', name: 'shop-api', language: 'python', package_manager: 'poetry', lockfile: 'poetry.lock', runtime_versions: ['python ^3.11'],
      install_command: 'poetry install --no-interaction', test_command: 'poetry run pytest', test_framework: 'pytest', coverage_tool: 'coverage.py',
    });
  });

  it('reads uv: uv.lock, PEP 735 dependency groups, pytest configured in pyproject, coverage configured, .python-version', async () => {
    const found = await detect({
      'pyproject.toml': [
        '[project]', "name = 'worker'", 'requires-python = ">=3.12"', 'dependencies = [', '  "httpx>=0.27",  # client', ']', '',
        '[dependency-groups]', 'dev = ["ruff"]', '', '[tool.pytest.ini_options]', 'testpaths = ["tests"]', '', '[tool.coverage.run]', 'branch = true', '',
      ].join('\n'),
      'uv.lock': '',
      '.python-version': '3.12.4\n',
    });
    expect(found?.component).toMatchObject({ package_manager: 'uv', lockfile: 'uv.lock', install_command: 'uv sync --frozen', test_command: 'uv run pytest', test_framework: 'pytest', coverage_tool: 'coverage.py', runtime_versions: ['python >=3.12', 'python 3.12.4'] });
  });

  it('reads pip with requirements files, pytest from them, setup.cfg python_requires and a Dockerfile', async () => {
    const found = await detect({
      'requirements.txt': 'flask==3.0.0\n',
      'requirements-dev.txt': '-r requirements.txt\npytest==8.1.0  # tests\ncoverage[toml]>=7\n',
      'setup.cfg': '[metadata]\nname = legacy\n\n[options]\npython_requires = >=3.8\ninstall_requires =\n    flask\n',
      'app.py': '',
      Dockerfile: 'FROM python:3.12-slim\n',
    });
    expect(found?.component).toEqual({
      path: '.', name: 'legacy', language: 'python', package_manager: 'pip', lockfile: 'requirements.txt', runtime_versions: ['python >=3.8'],
      install_command: 'python -m pip install -r requirements.txt -r requirements-dev.txt', test_command: 'python -m pytest', test_framework: 'pytest',
      coverage_tool: 'coverage.py', dockerfile: 'Dockerfile',
    });
  });

  it("installs the project with its test extra when it declares one, and prefers the Makefile's test target", async () => {
    const found = await detect({
      'pyproject.toml': '[project]\nname = "lib"\ndependencies = ["attrs"]\n\n[project.optional-dependencies]\ntest = ["pytest"]\n',
      Makefile: 'test:\n\tpytest -q\n',
    });
    expect(found?.component).toMatchObject({ install_command: 'python -m pip install -e ".[test]"', test_command: 'make test', test_framework: 'pytest' });
  });

  it('runs unittest discovery from the root when test files sit beside the code; takes loose .py files only when asked', async () => {
    const files = { 'tool.py': '', 'test_tool.py': '' };
    expect(await detect(files)).toBeUndefined();
    const found = await detect(files, { loose: true });
    expect(found?.component).toMatchObject({ name: 'app', package_manager: 'pip', test_command: 'python -m unittest discover', test_framework: 'unittest' });
    expect(found?.notes).toContain('the project has Python files but no pyproject.toml, setup.py or requirements.txt: pip and the standard library assumed');
  });

  it('has no test command without tests or a test runner, and notes a Pipfile', async () => {
    const found = await detect({ Pipfile: '[packages]\n', 'main.py': '' }, {});
    expect(found?.component?.test_command).toBeUndefined();
    expect(found?.component?.test_framework).toBeUndefined();
    expect(found?.notes).toContain('Pipfile found: pipenv is not a package manager the pipeline supports; pip assumed');
  });

  it('reads a component in a subdirectory relative to the project root', async () => {
    const found = await detect({ 'services/ml/requirements.txt': 'numpy\n', 'services/ml/tests/test_model.py': '' }, { dir: 'services/ml' });
    expect(found?.component).toMatchObject({ path: 'services/ml', name: 'ml', lockfile: 'services/ml/requirements.txt', install_command: 'python -m pip install -r requirements.txt', test_command: 'python -m unittest discover -s tests' });
  });
});
