import { ProjectTree } from './project-tree';
import { expandMemberGlobs, globToRegExp } from './workspace-globs';

describe('workspace member globs', () => {
  it('matches one level with *, any depth with **, exact paths, and exclusions', () => {
    expect(globToRegExp('packages/*').test('packages/a')).toBe(true);
    expect(globToRegExp('packages/*').test('packages/a/b')).toBe(false);
    expect(globToRegExp('./apps/**').test('apps/web/site')).toBe(true);
    expect(globToRegExp('libs/core/').test('libs/core')).toBe(true);
    expect(globToRegExp('svc-?').test('svc-1')).toBe(true);
    const tree = new ProjectTree('/nowhere', ['package.json', 'packages/a/package.json', 'packages/b/README.md', 'packages/old/package.json'].sort());
    expect(expandMemberGlobs(tree, ['packages/*', '!packages/old'], (dir) => tree.has(`${dir}/package.json`))).toEqual(['packages/a']);
  });
});
