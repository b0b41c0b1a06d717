import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readProjectTree } from './project-tree';
import { TempTrees } from './tree.testing';

const trees = new TempTrees();
afterAll(() => trees.cleanup());

describe('readProjectTree', () => {
  it('lists files sorted, leaving out vendored, generated and VCS directories', async () => {
    const tree = await trees.tree({
      'src/b.js': '', 'src/a.js': '', 'node_modules/x/index.js': '', '.git/HEAD': '', 'dist/out.js': '', 'target/x.class': '',
      'venv/lib/site.py': '', '.venv/x.py': '', 'pkg/__pycache__/m.pyc': '', 'vendor/github.com/x/y.go': '', 'lib/node_modules/deep.js': '',
    });
    expect(tree.files).toEqual(['src/a.js', 'src/b.js']);
    expect(tree.dirs).toEqual(['.', 'src']);
    expect(tree.truncated).toBe(false);
  });

  it('lists a symbolic link but never reads through it, and reads small files once', async () => {
    const outside = trees.dir({ 'secret.txt': 'outside the project\n' });
    const root = trees.dir({ 'package.json': '{"name":"a"}' });
    symlinkSync(join(outside, 'secret.txt'), join(root, 'linked.json'));
    const tree = await readProjectTree(root);
    expect(tree.files).toEqual(['linked.json', 'package.json']);
    expect(tree.read('linked.json')).toBeUndefined();
    expect(tree.read('package.json')).toBe('{"name":"a"}');
    writeFileSync(join(root, 'package.json'), 'changed');
    expect(tree.read('package.json')).toBe('{"name":"a"}');
    expect(tree.read('missing.json')).toBeUndefined();
  });

  it('gives the files of a directory and under it', async () => {
    const root = trees.dir({ 'a/x.txt': '', 'a/b/y.txt': '', 'c.txt': '' });
    mkdirSync(join(root, 'empty'));
    const tree = await readProjectTree(root);
    expect(tree.namesIn('a')).toEqual(['x.txt']);
    expect(tree.namesIn('.')).toEqual(['c.txt']);
    expect(tree.filesUnder('a')).toEqual(['a/b/y.txt', 'a/x.txt']);
    expect(tree.dirs).toEqual(['.', 'a', 'a/b']);
  });
});
