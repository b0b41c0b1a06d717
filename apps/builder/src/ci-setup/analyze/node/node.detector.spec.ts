import { TempTrees } from '../tree.testing';
import { detectNodeComponent } from './node.detector';
import { nodeWorkspaceOf } from './node-workspaces';

const trees = new TempTrees();
afterAll(() => trees.cleanup());

const pkg = (value: unknown): string => JSON.stringify(value);

async function detect(files: Record<string, string>, dir = '.', workspaceRoot?: string) {
  const tree = await trees.tree(files);
  return detectNodeComponent({ tree, dir, fallbackName: 'app', ...(workspaceRoot ? { workspaceRoot } : {}) });
}

describe('detectNodeComponent', () => {
  it('is not a Node component without a package.json', async () => {
    expect(await detect({ 'index.js': '' })).toBeUndefined();
  });

  it('reads pnpm by its lockfile, jest through the scripts the test script calls, and c8 coverage', async () => {
    const found = await detect({
      'package.json': pkg({ name: 'svc', scripts: { test: 'pnpm run test:unit', 'test:unit': 'jest --ci', cover: 'c8 jest' }, devDependencies: { jest: '29' } }),
      'pnpm-lock.yaml': 'lockfileVersion: 9\n',
      'tsconfig.json': '{}',
    });
    expect(found?.component).toMatchObject({ language: 'typescript', package_manager: 'pnpm', lockfile: 'pnpm-lock.yaml', install_command: 'pnpm install --frozen-lockfile', test_command: 'pnpm test', test_framework: 'jest', coverage_tool: 'c8' });
    expect(found?.component?.build_command).toBeUndefined();
  });

  it('reads yarn 1 and yarn berry by lockfile and .yarnrc.yml, vitest with its coverage provider', async () => {
    const manifest = pkg({ scripts: { test: 'vitest run', build: 'tsc' }, devDependencies: { vitest: '2', '@vitest/coverage-v8': '2' } });
    const classic = await detect({ 'package.json': manifest, 'yarn.lock': '' });
    expect(classic?.component).toMatchObject({ package_manager: 'yarn', install_command: 'yarn install --frozen-lockfile', build_command: 'yarn build', test_command: 'yarn test', test_framework: 'vitest', coverage_tool: 'vitest --coverage' });
    const berry = await detect({ 'package.json': manifest, 'yarn.lock': '', '.yarnrc.yml': 'nodeLinker: node-modules\n' });
    expect(berry?.component?.install_command).toBe('yarn install --immutable');
  });

  it("takes npm's placeholder test script for no test, falls back to the Makefile, and notes the missing lockfile", async () => {
    const found = await detect({
      'package.json': pkg({ name: 'x', scripts: { test: 'echo "Error: no test specified" && exit 1' }, devDependencies: { mocha: '10', nyc: '15' }, engines: { node: '^18 || ^20' } }),
      Makefile: 'test:\n\tnpx mocha\n',
      '.node-version': 'v20.11.1\n',
    });
    expect(found?.component).toMatchObject({ package_manager: 'npm', install_command: 'npm install', test_command: 'make test', test_framework: 'mocha', coverage_tool: 'nyc', runtime_versions: ['node ^18 || ^20', 'node 20.11.1'] });
    expect(found?.notes).toEqual([
      'the project has no lockfile: installs are not reproducible and dependency caching has no key (npm assumed)',
      'package.json: scripts.test is npm\'s placeholder ("no test specified"), not a test command',
    ]);
  });

  it('finds a workspace member\'s lockfile and .nvmrc at the workspace root, and jest --coverage', async () => {
    const found = await detect(
      { 'package.json': pkg({ workspaces: ['apps/*'], engines: { node: '22' } }), 'package-lock.json': '{}', '.nvmrc': 'lts/iron\n', 'apps/a/package.json': pkg({ name: 'a', scripts: { test: 'jest --coverage' } }) },
      'apps/a',
      '.',
    );
    expect(found?.component).toMatchObject({ path: 'apps/a', name: 'a', lockfile: 'package-lock.json', install_command: 'npm ci', runtime_versions: ['node 22', 'node lts/iron'], coverage_tool: 'jest --coverage' });
  });

  it('names an invalid package.json in a note instead of guessing', async () => {
    const found = await detect({ 'package.json': '{ "name": ' });
    expect(found?.component).toBeUndefined();
    expect(found?.notes[0]).toMatch(/^package\.json is not valid JSON \(.+\): its scripts and dependencies are unknown$/);
  });

  it('notes several lockfiles and a bun lockfile', async () => {
    expect((await detect({ 'package.json': '{}', 'package-lock.json': '{}', 'yarn.lock': '' }))?.notes[0]).toBe('the project has several lockfiles (yarn.lock, package-lock.json); yarn chosen by yarn.lock');
    expect((await detect({ 'package.json': '{}', 'bun.lockb': '' }))?.notes[0]).toBe('bun.lockb found: bun is not a package manager the pipeline supports; npm assumed');
  });
});

describe('nodeWorkspaceOf', () => {
  it('reads pnpm-workspace.yaml with the yaml parser, globs and exclusions, only directories with a package.json', async () => {
    const tree = await trees.tree({
      'package.json': '{}',
      'pnpm-workspace.yaml': "packages:\n  - 'packages/*'\n  - '!packages/legacy'\n  - apps/**\n",
      'packages/a/package.json': '{}',
      'packages/legacy/package.json': '{}',
      'packages/docs/README.md': '',
      'apps/web/site/package.json': '{}',
    });
    expect(nodeWorkspaceOf(tree)).toEqual({ tool: 'pnpm-workspaces', members: ['apps/web/site', 'packages/a'], builds: 'members', notes: [] });
  });

  it('reads yarn workspaces in the { packages } form, and none without workspaces', async () => {
    const yarn = await trees.tree({ 'package.json': pkg({ workspaces: { packages: ['libs/*'] } }), 'yarn.lock': '', 'libs/x/package.json': '{}' });
    expect(nodeWorkspaceOf(yarn)).toMatchObject({ tool: 'yarn-workspaces', members: ['libs/x'] });
    expect(nodeWorkspaceOf(await trees.tree({ 'package.json': pkg({ name: 'solo' }) }))).toBeUndefined();
  });

  it('says when pnpm-workspace.yaml is not YAML', async () => {
    const workspace = nodeWorkspaceOf(await trees.tree({ 'pnpm-workspace.yaml': 'packages: [unclosed\n' }));
    expect(workspace?.members).toEqual([]);
    expect(workspace?.notes[0]).toMatch(/^pnpm-workspace\.yaml does not parse as YAML \(.+\); its members are unknown$/);
  });
});
