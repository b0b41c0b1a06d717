import { ProjectAnalysis } from '@jetway/contracts';
import { CI_FIXTURE_NAMES, createCiFixture, type CiFixture, type CiFixtureName } from '@jetway/testing';
import { analyzeTree } from './analyze-tree';
import { readProjectTree } from './project-tree';
import { TempTrees } from './tree.testing';

describe('analyzeTree on the fixture repositories', () => {
  const fixtures: CiFixture[] = [];
  const trees = new TempTrees();
  afterAll(() => {
    fixtures.forEach((fixture) => fixture.cleanup());
    trees.cleanup();
  });
  async function analyse(name: CiFixtureName): Promise<ProjectAnalysis> {
    const fixture = createCiFixture(name);
    fixtures.push(fixture);
    const { analysis } = analyzeTree(await readProjectTree(fixture.path), 'fixture');
    // Whatever the detectors found must be a valid contract payload.
    return ProjectAnalysis.parse(analysis);
  }

  it('analyses every fixture into at least one component with a test command and a language', async () => {
    for (const name of CI_FIXTURE_NAMES) {
      const analysis = await analyse(name);
      expect({ name, languages: analysis.languages.length > 0, tests: analysis.components.every((component) => component.test_command !== undefined) }).toEqual({ name, languages: true, tests: true });
    }
  });

  it('Node app: javascript, npm with its lockfile, scripts as commands, node:test with coverage, versions, Dockerfile, existing workflow', async () => {
    const analysis = await analyse('node-app');
    expect(analysis.languages).toEqual([{ name: 'javascript', files: 4 }]);
    expect(analysis.monorepo).toBeUndefined();
    expect(analysis.components).toEqual([
      {
        path: '.', name: 'hello-node', language: 'javascript', package_manager: 'npm', lockfile: 'package-lock.json',
        runtime_versions: ['node >=20', 'node 22'],
        install_command: 'npm ci', build_command: 'npm run build', test_command: 'npm test',
        test_framework: 'node:test', coverage_tool: 'node --experimental-test-coverage', dockerfile: 'Dockerfile',
      },
    ]);
    expect(analysis.dockerfiles).toEqual(['Dockerfile']);
    expect(analysis.existing_ci).toEqual(['.github/workflows/old.yml']);
    expect(analysis.notes).toContain('existing CI configuration: .github/workflows/old.yml (GitHub Actions)');
  });

  it('npm-workspaces monorepo: each member a component sharing the root lockfile, the root is not one', async () => {
    const analysis = await analyse('node-monorepo');
    expect(analysis.monorepo).toEqual({ tool: 'npm-workspaces', members: ['services/api', 'services/web'] });
    expect(analysis.components.map((component) => component.path)).toEqual(['services/api', 'services/web']);
    const [api, web] = analysis.components;
    expect(api).toMatchObject({ name: '@shop/api', lockfile: 'package-lock.json', install_command: 'npm ci', build_command: 'npm run build', test_command: 'npm test', dockerfile: 'services/api/Dockerfile', runtime_versions: ['node >=20'] });
    expect(api?.coverage_tool).toBeUndefined();
    expect(web).toMatchObject({ name: '@shop/web', test_command: 'npm test', coverage_tool: 'node --experimental-test-coverage', runtime_versions: ['node >=20', 'node 22.11.0'] });
    expect(web?.build_command).toBeUndefined();
    expect(analysis.dockerfiles).toEqual(['services/api/Dockerfile']);
    expect(analysis.existing_ci).toEqual(['.travis.yml']);
    expect(analysis.notes).toContain('no coverage tool found in services/api: the coverage gate needs one added (node --test measures it itself with --experimental-test-coverage)');
  });

  it('Python app: pip, requires-python, unittest discovery where the tests are, nothing to install', async () => {
    const analysis = await analyse('python-app');
    expect(analysis.languages).toEqual([{ name: 'python', files: 5 }]);
    expect(analysis.components).toEqual([
      { path: '.', name: 'calc', language: 'python', package_manager: 'pip', runtime_versions: ['python >=3.9'], test_command: 'python -m unittest discover -s tests', test_framework: 'unittest' },
    ]);
    expect(analysis.notes).toEqual(expect.arrayContaining(['the project declares no dependencies: nothing to install', 'no coverage tool found in the project: the coverage gate needs one added (coverage.py measures it: python -m coverage run -m unittest)']));
    expect(analysis.existing_ci).toEqual([]);
  });

  it("Go module: the go directive, the Makefile's targets before go's defaults, go cover, Dockerfile", async () => {
    const analysis = await analyse('go-module');
    expect(analysis.components).toEqual([
      {
        path: '.', name: 'hello', language: 'go', package_manager: 'go', runtime_versions: ['go 1.22'],
        install_command: 'go mod download', build_command: 'make build', test_command: 'make test',
        test_framework: 'go test', coverage_tool: 'go cover', dockerfile: 'Dockerfile',
      },
    ]);
    expect(analysis.dockerfiles).toEqual(['Dockerfile']);
  });

  it('Maven project: artifactId, maven.compiler.release, mvn -B verify, JUnit 5, the Jenkinsfile', async () => {
    const analysis = await analyse('maven-project');
    expect(analysis.languages).toEqual([{ name: 'java', files: 2 }]);
    expect(analysis.components).toEqual([
      { path: '.', name: 'calc', language: 'java', package_manager: 'maven', runtime_versions: ['java 17'], build_command: 'mvn -B -DskipTests package', test_command: 'mvn -B verify', test_framework: 'junit5' },
    ]);
    expect(analysis.existing_ci).toEqual(['Jenkinsfile']);
  });

  it('finds nothing in a directory of documents, and says which runtime version is missing when none is declared', async () => {
    const empty = analyzeTree(await trees.tree({ 'README.md': '# notes\n', 'docs/a.txt': 'x\n', 'run.sh': 'echo hi\n' }), 'docs').analysis;
    expect(empty).toMatchObject({ languages: [], components: [], dockerfiles: [], existing_ci: [] });
    const bare = analyzeTree(await trees.tree({ 'go.mod': 'module x\n', 'main.go': 'package main\n' }), 'x').analysis;
    expect(bare.notes).toContain('the project does not say which Go version it needs');
  });
});
