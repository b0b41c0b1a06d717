import { gzipSync } from 'node:zlib';
import { readBundle, safePath } from './bundle';
import { rawTarGz } from './bundle.testing';

describe('readBundle', () => {
  it('reads files sorted by path, without directories, with the execute bit', async () => {
    const archive = rawTarGz([
      { path: './.github/', type: '5', mode: 0o755 },
      { path: './.github/workflows/ci.yml', content: 'on: push\n' },
      { path: './ci/smoke.sh', content: '#!/bin/sh\n', mode: 0o755 },
      { path: './.gitlab-ci.yml', content: 'stages: [build]\n' },
    ]);
    const files = await readBundle(archive);
    expect(files.map((file) => [file.path, file.content.toString(), file.executable])).toEqual([
      ['.github/workflows/ci.yml', 'on: push\n', false],
      ['.gitlab-ci.yml', 'stages: [build]\n', false],
      ['ci/smoke.sh', '#!/bin/sh\n', true],
    ]);
  });

  it.each([
    ['an entry escaping the root', [{ path: '../evil.yml', content: 'x' }], "bundle entry '../evil.yml' is not a path inside the project"],
    ['an absolute path', [{ path: '/etc/passwd', content: 'x' }], "bundle entry '/etc/passwd' is not a path inside the project"],
    ['a path into .git', [{ path: '.git/hooks/post-checkout', content: 'x' }], "bundle entry '.git/hooks/post-checkout' reaches into .git; generated files never do"],
    ['a symlink', [{ path: 'ci.yml', type: '2' as const, linkTarget: '/etc/passwd' }], 'bundle entry ci.yml is a SymbolicLink, not a file; a generated bundle holds files only'],
    ['a path twice', [{ path: 'a.yml', content: '1' }, { path: './a.yml', content: '2' }], 'bundle holds a.yml twice'],
    ['no files', [{ path: 'dir/', type: '5' as const }], 'bundle holds no files'],
  ])('refuses %s', async (_name, entries, message) => {
    await expect(readBundle(rawTarGz(entries))).rejects.toMatchObject({ name: 'PermanentError', message });
  });

  it('refuses bytes that are not a gzip tar', async () => {
    await expect(readBundle(Buffer.from('not gzip'))).rejects.toMatchObject({ name: 'PermanentError', message: expect.stringContaining('not a gzip archive') });
    await expect(readBundle(gzipSync(Buffer.from('not a tar, but long enough to look at '.repeat(20))))).rejects.toMatchObject({ name: 'PermanentError' });
  });
});

describe('safePath', () => {
  it('normalises ./ and repeated slashes', () => {
    expect(safePath('./a//b/./c.yml')).toBe('a/b/c.yml');
  });
});
