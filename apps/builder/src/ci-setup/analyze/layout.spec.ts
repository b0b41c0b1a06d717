import { detectLayout } from './layout';
import { TempTrees } from './tree.testing';

const trees = new TempTrees();
afterAll(() => trees.cleanup());

describe('detectLayout', () => {
  it('takes independent projects in subdirectories as services when the root has no manifest, skipping test data', async () => {
    const layout = detectLayout(
      await trees.tree({
        'services/api/go.mod': 'module api\n\ngo 1.22\n',
        'services/api/internal/x/go.mod': 'module nested\n',
        'services/web/package.json': '{"name":"web","scripts":{"test":"vitest"}}',
        'services/web/package-lock.json': '{}',
        'ml/pyproject.toml': '[project]\nname = "ml"\n',
        'testdata/fixture/package.json': '{}',
        'README.md': '',
      }),
      'shop',
    );
    expect(layout.monorepo).toEqual({ tool: 'directories', members: ['ml', 'services/api', 'services/web'] });
    expect(layout.components.map((component) => [component.path, component.language, component.package_manager])).toEqual([
      ['ml', 'python', 'pip'],
      ['services/api', 'go', 'go'],
      ['services/web', 'javascript', 'npm'],
    ]);
    expect(layout.notes).toContain('no workspace tool: the 3 projects in ml, services/api, services/web are separate services');
  });

  it('keeps a root project whole and names the nested projects it does not build', async () => {
    const layout = detectLayout(await trees.tree({ 'package.json': '{"name":"root"}', 'examples/demo/package.json': '{}', 'tools/gen/go.mod': 'module gen\n' }), 'x');
    expect(layout.components.map((component) => component.path)).toEqual(['.']);
    expect(layout.monorepo).toBeUndefined();
    expect(layout.notes).toContain("also found projects in examples/demo, tools/gen: not part of the root's build, not analysed as components");
  });

  it('builds a Maven reactor from its root, with its modules as the monorepo members', async () => {
    const layout = detectLayout(
      await trees.tree({
        'pom.xml': '<project><artifactId>shop</artifactId><modules><module>api</module><module>web</module></modules></project>',
        'api/pom.xml': '<project><artifactId>api</artifactId></project>',
        'web/pom.xml': '<project><artifactId>web</artifactId></project>',
      }),
      'x',
    );
    expect(layout.monorepo).toEqual({ tool: 'maven-modules', members: ['api', 'web'] });
    expect(layout.components.map((component) => [component.path, component.name])).toEqual([['.', 'shop']]);
    expect(layout.notes.some((note) => note.startsWith('also found projects'))).toBe(false);
  });

  it('makes each go.work member a component with its own module', async () => {
    const layout = detectLayout(await trees.tree({ 'go.work': 'use (\n\t./a\n\t./b\n)\n', 'a/go.mod': 'module example.com/a\n', 'b/go.mod': 'module example.com/b\n' }), 'x');
    expect(layout.monorepo).toEqual({ tool: 'go-work', members: ['a', 'b'] });
    expect(layout.components.map((component) => [component.path, component.name])).toEqual([['a', 'a'], ['b', 'b']]);
  });

  it('gives a directory two components when it holds two ecosystems', async () => {
    const layout = detectLayout(await trees.tree({ 'package.json': '{"name":"ui"}', 'pyproject.toml': '[project]\nname = "api"\n' }), 'x');
    expect(layout.components.map((component) => component.name)).toEqual(['ui', 'api']);
  });

  it('falls back to loose Python files at the root, and to nothing for other loose sources', async () => {
    expect(detectLayout(await trees.tree({ 'script.py': '' }), 'tool').components.map((component) => component.name)).toEqual(['tool']);
    expect(detectLayout(await trees.tree({ 'index.js': '' }), 'x').components).toEqual([]);
  });
});
