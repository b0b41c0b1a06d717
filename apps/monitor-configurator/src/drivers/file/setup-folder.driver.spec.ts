import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsSetupFolder } from './setup-folder.driver';

describe('FsSetupFolder', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'jetway-setup-folder-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes a bundle under setups/<setup>/ and returns the absolute paths, sorted', async () => {
    const paths = await new FsSetupFolder(root).write('hello-staging', [
      { path: 'runbooks/hello/TargetDown.html', content: '<p>down</p>' },
      { path: 'prometheus/prometheus.yml', content: 'global: {}\n' },
    ]);
    expect(paths).toEqual([join(root, 'setups/hello-staging/prometheus/prometheus.yml'), join(root, 'setups/hello-staging/runbooks/hello/TargetDown.html')]);
    expect(readFileSync(paths[1] ?? '', 'utf8')).toBe('<p>down</p>');
  });

  it('replaces the previous bundle whole: a file the new one lacks is gone, no scratch directory is left', async () => {
    const folder = new FsSetupFolder(root);
    await folder.write('hello-staging', [{ path: 'runbooks/hello/Old.html', content: 'old' }]);
    await folder.write('hello-staging', [{ path: 'runbooks/hello/New.html', content: 'new' }]);
    expect(existsSync(join(root, 'setups/hello-staging/runbooks/hello/Old.html'))).toBe(false);
    expect(readFileSync(join(root, 'setups/hello-staging/runbooks/hello/New.html'), 'utf8')).toBe('new');
    expect(readdirSync(join(root, 'setups'))).toEqual(['hello-staging']);
  });

  it('resolves a path relative to the stack directory', () => {
    expect(new FsSetupFolder(root).resolve('setups/a/b.yml')).toBe(join(root, 'setups/a/b.yml'));
  });
});
