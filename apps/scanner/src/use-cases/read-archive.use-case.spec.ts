import { gzipSync } from 'node:zlib';
import { PermanentError } from '@jetway/messaging';
import { packFiles, rawTarGz } from './archive.testing';
import { readArchive, safeEntryPath } from './read-archive.use-case';

describe('readArchive', () => {
  it('returns text files with normalised paths and content', async () => {
    const archive = await packFiles({ 'package.json': '{}', 'src/index.js': 'console.log(1)\n' });
    const { entries, skipped } = await readArchive(archive);
    expect(entries.map((e) => [e.path, e.content.toString()]).sort()).toEqual([
      ['package.json', '{}'],
      ['src/index.js', 'console.log(1)\n'],
    ]);
    expect(skipped).toEqual([]);
  });

  it('skips binary files and files over the size limit', async () => {
    const archive = await packFiles({
      'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
      'big.txt': 'x'.repeat(2048),
      'ok.txt': 'fine',
    });
    const { entries, skipped } = await readArchive(archive, { maxFileBytes: 1024 });
    expect(entries.map((e) => e.path)).toEqual(['ok.txt']);
    expect(skipped.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: 'big.txt', reason: 'too-large' },
      { path: 'logo.png', reason: 'binary' },
    ]);
  });

  it.each(['../etc/passwd', 'a/../../b', '/etc/passwd'])('refuses the traversing entry %s', async (path) => {
    const archive = rawTarGz([{ path: 'ok.txt', content: 'a' }, { path, content: 'b' }]);
    await expect(readArchive(archive)).rejects.toThrow(PermanentError);
    await expect(readArchive(archive)).rejects.toThrow('escapes the archive root');
  });

  it('refuses bytes that are not gzip, and gzip that is not tar', async () => {
    await expect(readArchive(Buffer.from('hello'))).rejects.toThrow('artifact is not a gzip archive');
    await expect(readArchive(gzipSync(Buffer.from('not a tar archive at all')))).rejects.toThrow(PermanentError);
  });

  it('refuses an archive that unpacks beyond the limit', async () => {
    const archive = rawTarGz([{ path: 'zeros.txt', content: 'a'.repeat(100_000) }]);
    await expect(readArchive(archive, { maxUnpackedBytes: 10_000 })).rejects.toThrow(
      'artifact unpacks to more than 10000 bytes',
    );
  });
});

describe('safeEntryPath', () => {
  it('normalises ./ and duplicate slashes', () => {
    expect(safeEntryPath('./a//b/./c.txt')).toBe('a/b/c.txt');
  });
});
