import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsConfigDir } from './fs-config-dir.driver';

describe('FsConfigDir', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'jetway-config-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('writes, creating directories, replaces in place and leaves no temp file', async () => {
    const dir = new FsConfigDir(root);
    const { path, changed } = await dir.write('rules/a.yml', 'one');
    expect(changed).toBe(true);
    expect(await dir.write('rules/a.yml', 'two')).toEqual({ path, changed: true });
    expect(path).toBe(join(root, 'rules', 'a.yml'));
    expect(await readFile(path, 'utf8')).toBe('two');
    expect(await readdir(join(root, 'rules'))).toEqual(['a.yml']);
  });

  it('leaves a file that already holds the content alone and says so', async () => {
    const dir = new FsConfigDir(root);
    const { path } = await dir.write('targets/a.json', '[]');
    const before = (await stat(path)).mtimeMs;
    expect(await dir.write('targets/a.json', '[]')).toEqual({ path, changed: false });
    expect((await stat(path)).mtimeMs).toBe(before);
  });

  it('lists files sorted, and nothing for a missing directory', async () => {
    const dir = new FsConfigDir(root);
    await dir.write('targets/b.json', '[]');
    await dir.write('targets/a.json', '[]');
    expect(await dir.list('targets')).toEqual(['a.json', 'b.json']);
    expect(await dir.list('nowhere')).toEqual([]);
  });

  it('refuses paths that escape the root', async () => {
    await expect(new FsConfigDir(root).write('../evil.yml', 'x')).rejects.toThrow(/outside the config directory/);
  });
});
