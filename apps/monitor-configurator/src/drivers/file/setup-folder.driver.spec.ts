import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BundleFile } from '../../setup/bundle.types';
import { FsSetupFolder } from './setup-folder.driver';

describe('FsSetupFolder', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'jetway-setup-folder-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const put = async (folder: FsSetupFolder, setup: string, files: readonly BundleFile[]) => (await folder.stage(setup, files)).commit();

  it('stages a bundle beside setups/<setup>/ and puts it in place on commit, returning the absolute paths, sorted', async () => {
    const staged = await new FsSetupFolder(root).stage('hello-staging', [
      { path: 'runbooks/hello/TargetDown.html', content: '<p>down</p>' },
      { path: 'prometheus/prometheus.yml', content: 'global: {}\n' },
    ]);
    expect(readFileSync(join(staged.dir, 'prometheus/prometheus.yml'), 'utf8')).toBe('global: {}\n');
    expect(readdirSync(join(root, 'setups')).filter((name) => !name.startsWith('.'))).toEqual([]);
    const paths = await staged.commit();
    expect(paths).toEqual([join(root, 'setups/hello-staging/prometheus/prometheus.yml'), join(root, 'setups/hello-staging/runbooks/hello/TargetDown.html')]);
    expect(readFileSync(paths[1] ?? '', 'utf8')).toBe('<p>down</p>');
    expect(existsSync(staged.dir)).toBe(false);
  });

  it('replaces the previous bundle whole: a file the new one lacks is gone, no scratch directory is left', async () => {
    const folder = new FsSetupFolder(root);
    await put(folder, 'hello-staging', [{ path: 'runbooks/hello/Old.html', content: 'old' }]);
    await put(folder, 'hello-staging', [{ path: 'runbooks/hello/New.html', content: 'new' }]);
    expect(existsSync(join(root, 'setups/hello-staging/runbooks/hello/Old.html'))).toBe(false);
    expect(readFileSync(join(root, 'setups/hello-staging/runbooks/hello/New.html'), 'utf8')).toBe('new');
    expect(readdirSync(join(root, 'setups'))).toEqual(['hello-staging']);
  });

  it('discarding a staged bundle leaves the setup as it was and no scratch directory behind', async () => {
    const folder = new FsSetupFolder(root);
    await put(folder, 'hello-staging', [{ path: 'runbooks/hello/Old.html', content: 'old' }]);
    const staged = await folder.stage('hello-staging', [{ path: 'runbooks/hello/New.html', content: 'new' }]);
    await staged.discard();
    await staged.discard();
    expect(readFileSync(join(root, 'setups/hello-staging/runbooks/hello/Old.html'), 'utf8')).toBe('old');
    expect(readdirSync(join(root, 'setups'))).toEqual(['hello-staging']);
  });

  it('a staging that cannot write its files leaves nothing behind', async () => {
    const folder = new FsSetupFolder(root);
    // A file and a directory of the same name: the second write fails.
    await expect(folder.stage('hello-staging', [{ path: 'a', content: 'file' }, { path: 'a/b', content: 'under a file' }])).rejects.toThrow();
    expect(readdirSync(join(root, 'setups'))).toEqual([]);
  });

  it('sweeps the staged and set-aside directories a killed process left, and nothing younger or in use', async () => {
    const folder = new FsSetupFolder(root);
    await put(folder, 'hello-staging', [{ path: 'a.yml', content: 'a' }]);
    const setups = join(root, 'setups');
    for (const name of ['.staging-old-1', '.previous-old-2', '.staging-young-3']) mkdirSync(join(setups, name, 'prometheus'), { recursive: true });
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
    for (const name of ['.staging-old-1', '.previous-old-2', 'hello-staging']) utimesSync(join(setups, name), hoursAgo(2), hoursAgo(2));
    expect((await folder.sweep()).sort()).toEqual([join(setups, '.previous-old-2'), join(setups, '.staging-old-1')]);
    expect(readdirSync(setups).sort()).toEqual(['.staging-young-3', 'hello-staging']);
  });

  it('sweeps nothing when there is no setups directory yet', async () => {
    expect(await new FsSetupFolder(join(root, 'missing')).sweep()).toEqual([]);
  });

  it('resolves a path relative to the stack directory', () => {
    expect(new FsSetupFolder(root).resolve('setups/a/b.yml')).toBe(join(root, 'setups/a/b.yml'));
  });
});
