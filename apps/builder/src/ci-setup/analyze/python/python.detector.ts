import type { ProjectComponent } from '@jetway/contracts';
import { componentName, findUp, optional, unique, type DetectContext, type Detection } from '../detector';
import { makeCommand } from '../makefile';
import { inDir } from '../project-tree';
import { dockerfileIn } from '../repo-files';
import { PYTHON_MANIFESTS, iniSections, readPythonProject, type PythonProject } from './python-project';

type PythonManager = Extract<ProjectComponent['package_manager'], 'pip' | 'poetry' | 'uv'>;

/**
 * A Python component: a directory with pyproject.toml, setup.py, setup.cfg, requirements.txt or
 * a Pipfile (or, `loose`, just .py files). The test command is the Makefile's `test` target, else
 * pytest where the project configures or depends on it, else unittest discovery where test files exist.
 */
export function detectPythonComponent(context: DetectContext): Detection | undefined {
  const names = context.tree.namesIn(context.dir);
  const hasManifest = PYTHON_MANIFESTS.some((name) => names.includes(name));
  if (!hasManifest && !(context.loose && names.some((name) => name.endsWith('.py')))) return undefined;
  const project = readPythonProject(context);
  const [manager, lockfile] = managerOf(context, project);
  const notes: string[] = [];
  const where = context.dir === '.' ? 'the project' : context.dir;
  if (!hasManifest) notes.push(`${where} has Python files but no pyproject.toml, setup.py or requirements.txt: pip and the standard library assumed`);
  if (names.includes('Pipfile')) notes.push(`${inDir(context.dir, 'Pipfile')} found: pipenv is not a package manager the pipeline supports; pip assumed`);
  const framework = testFrameworkOf(context, project);
  const test = makeCommand(context.tree, context.dir, 'test') ?? testCommand(context, manager, framework);
  const install = installCommand(project, manager, lockfile);
  if (install === undefined) notes.push(`${where} declares no dependencies: nothing to install`);
  const component: ProjectComponent = {
    path: context.dir,
    name: componentName(context, project.name),
    language: 'python',
    package_manager: manager,
    ...optional('lockfile', lockfile),
    runtime_versions: unique([...project.requiresPython, ...versionFiles(context)].map((version) => `python ${version}`)),
    ...optional('install_command', install),
    ...optional('build_command', makeCommand(context.tree, context.dir, 'build')),
    ...optional('test_command', test),
    ...optional('test_framework', test === undefined ? undefined : framework),
    ...optional('coverage_tool', coverageToolOf(context, project)),
    ...optional('dockerfile', dockerfileIn(context.tree, context.dir)),
  };
  return { component, notes };
}

/** poetry (`[tool.poetry]`, poetry.lock), uv (uv.lock, `[tool.uv]`), else pip with requirements.txt as its lock. */
function managerOf(context: DetectContext, project: PythonProject): [PythonManager, string | undefined] {
  const poetryLock = findUp(context, 'poetry.lock');
  if (poetryLock || project.pyproject?.hasTable('tool.poetry')) return ['poetry', poetryLock];
  const uvLock = findUp(context, 'uv.lock');
  if (uvLock || project.pyproject?.hasTable('tool.uv', true)) return ['uv', uvLock];
  const requirements = project.requirements[0];
  return ['pip', requirements === undefined ? undefined : inDir(context.dir, requirements)];
}

function installCommand(project: PythonProject, manager: PythonManager, lockfile: string | undefined): string | undefined {
  if (manager === 'poetry') return 'poetry install --no-interaction';
  if (manager === 'uv') return lockfile ? 'uv sync --frozen' : 'uv sync';
  const testExtra = project.extras.find((extra) => /^(test|tests|testing|dev)$/.test(extra));
  if (project.requirements.length > 0) return `python -m pip install ${project.requirements.map((file) => `-r ${file}`).join(' ')}`;
  if (project.hasRuntimeDeps || testExtra) return `python -m pip install -e ${testExtra ? `".[${testExtra}]"` : '.'}`;
  return undefined;
}

function testFrameworkOf(context: DetectContext, project: PythonProject): 'pytest' | 'unittest' {
  const configured =
    project.pyproject?.hasTable('tool.pytest.ini_options') === true ||
    project.setupCfg.has('tool:pytest') ||
    iniSections(context.tree.read(inDir(context.dir, 'tox.ini')) ?? '').has('pytest') ||
    context.tree.has(inDir(context.dir, 'pytest.ini')) ||
    context.tree.filesUnder(context.dir).some((file) => file.endsWith('/conftest.py') || file === 'conftest.py');
  return configured || project.deps.has('pytest') ? 'pytest' : 'unittest';
}

function testCommand(context: DetectContext, manager: PythonManager, framework: 'pytest' | 'unittest'): string | undefined {
  const run = manager === 'poetry' ? 'poetry run ' : manager === 'uv' ? 'uv run ' : '';
  if (framework === 'pytest') return `${run}${manager === 'pip' ? 'python -m pytest' : 'pytest'}`;
  const prefix = context.dir === '.' ? '' : `${context.dir}/`;
  const tests = context.tree.filesUnder(context.dir).map((file) => file.slice(prefix.length)).filter((file) => /(^|\/)(test_[^/]*|[^/]*_test)\.py$/.test(file));
  if (tests.length === 0) return undefined;
  // Discovery only enters packages; start where the tests are when they all live in one folder.
  const top = [...new Set(tests.map((file) => file.split('/')[0] ?? ''))];
  const start = top.length === 1 && top[0] !== undefined && tests.every((file) => file.includes('/')) ? ` -s ${top[0]}` : '';
  return `${run}python -m unittest discover${start}`;
}

function coverageToolOf(context: DetectContext, project: PythonProject): string | undefined {
  const configured =
    project.pyproject?.hasTable('tool.coverage', true) === true ||
    [...project.setupCfg.keys()].some((section) => section.startsWith('coverage:')) ||
    context.tree.has(inDir(context.dir, '.coveragerc'));
  return configured || project.deps.has('coverage') || project.deps.has('pytest-cov') ? 'coverage.py' : undefined;
}

/** `.python-version` (pyenv) and `runtime.txt` (`python-3.12.1`). */
function versionFiles(context: DetectContext): string[] {
  const first = (name: string): string | undefined => {
    const path = findUp(context, name);
    return path ? context.tree.read(path)?.split(/\r?\n/)[0]?.trim() : undefined;
  };
  return [first('.python-version'), first('runtime.txt')?.replace(/^python-/, '')].filter((value): value is string => value !== undefined && value !== '');
}
