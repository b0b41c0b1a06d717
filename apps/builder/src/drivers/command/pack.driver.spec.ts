import { readFileSync, symlinkSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import * as tar from 'tar';
import { PermanentError } from '@jetway/messaging';
import { makeTempDir, writeTree } from './fixtures.testing';
import { packOutput, sha256File } from './pack.driver';

async function listArchive(file: string): Promise<Array<{ path: string; mtime: number | undefined; uid: number | undefined }>> {
  const entries: Array<{ path: string; mtime: number | undefined; uid: number | undefined }> = [];
  await tar.list({ file, onReadEntry: (e) => entries.push({ path: e.path, mtime: e.mtime?.getTime(), uid: e.uid }) });
  return entries;
}

describe('packOutput', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir('pack')));
  afterEach(() => tmp.cleanup());
  const tree = { 'dist/b.js': 'b', 'dist/a/x.js': 'x', 'dist/a.txt': 'a', 'src/main.ts': 'm' };

  it('gives the same digest for the same content whatever the mtimes and location', async () => {
    writeTree(join(tmp.path, 'one'), tree);
    writeTree(join(tmp.path, 'two'), tree);
    utimesSync(join(tmp.path, 'two/dist/b.js'), new Date('2001-01-01'), new Date('2001-01-01'));
    const first = await packOutput(join(tmp.path, 'one'), 'dist', join(tmp.path, 'one.tgz'));
    const second = await packOutput(join(tmp.path, 'two'), 'dist', join(tmp.path, 'two.tgz'));
    expect(first.ok && second.ok).toBe(true);
    expect(first).toEqual(second);
    expect(first).toMatchObject({ digest: await sha256File(join(tmp.path, 'one.tgz')) });
  });

  it('changes the digest when content changes', async () => {
    writeTree(join(tmp.path, 'one'), tree);
    writeTree(join(tmp.path, 'two'), { ...tree, 'dist/b.js': 'B' });
    const first = await packOutput(join(tmp.path, 'one'), 'dist', join(tmp.path, 'one.tgz'));
    const second = await packOutput(join(tmp.path, 'two'), 'dist', join(tmp.path, 'two.tgz'));
    expect(first).not.toEqual(second);
  });

  it('packs the output directory as the archive root, sorted, with fixed mtime and no owner', async () => {
    writeTree(tmp.path, { ...tree, 'dist/.git/HEAD': 'ref' });
    symlinkSync('a.txt', join(tmp.path, 'dist/link'));
    const archive = join(tmp.path, 'out.tgz');
    await packOutput(tmp.path, 'dist', archive);
    const entries = await listArchive(archive);
    expect(entries.map((e) => e.path)).toEqual(['a/', 'a.txt', 'a/x.js', 'b.js', 'link']);
    expect(entries.every((e) => e.uid === undefined)).toBe(true);
    expect(entries.filter((e) => e.path.endsWith('.js')).every((e) => e.mtime === 0)).toBe(true);
  });

  it('writes a gzip header without mtime', async () => {
    writeTree(tmp.path, tree);
    const archive = join(tmp.path, 'out.tgz');
    await packOutput(tmp.path, 'dist', archive);
    expect(readFileSync(archive).subarray(4, 8)).toEqual(Buffer.alloc(4));
  });

  it('packs a single file under its own name', async () => {
    writeTree(tmp.path, tree);
    const archive = join(tmp.path, 'out.tgz');
    await packOutput(tmp.path, 'dist/b.js', archive);
    expect((await listArchive(archive)).map((e) => e.path)).toEqual(['b.js']);
  });

  it('fails the build naming build.output when the output is missing or empty', async () => {
    writeTree(tmp.path, { 'empty/.git/HEAD': 'x' });
    expect(await packOutput(tmp.path, 'dist', join(tmp.path, 'o.tgz'))).toEqual({
      ok: false,
      reason: "build.output: 'dist' does not exist after the build; set it to what the command writes",
    });
    expect(await packOutput(tmp.path, 'empty', join(tmp.path, 'o.tgz'))).toMatchObject({
      ok: false,
      reason: expect.stringContaining("build.output: 'empty' is empty"),
    });
  });

  it('refuses an output outside the workspace', async () => {
    await expect(packOutput(join(tmp.path, 'ws'), '../etc', join(tmp.path, 'o.tgz'))).rejects.toThrow(PermanentError);
    await expect(packOutput(tmp.path, '/etc', join(tmp.path, 'o.tgz'))).rejects.toThrow('build.output');
  });
});
