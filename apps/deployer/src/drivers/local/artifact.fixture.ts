import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tar from 'tar';

// Test support (not exported): builds artifacts the way the builder does, a tar.gz of a directory.

export const HELLO_SERVICE_DIR = resolve(__dirname, '../../../../../examples/hello-service');

/** Packs `dir` into `outFile` (tar.gz) and returns its content address. */
export async function packDirectory(dir: string, outFile: string): Promise<string> {
  await tar.c({ gzip: true, file: outFile, cwd: dir, portable: true }, ['.']);
  return `sha256:${createHash('sha256').update(await readFile(outFile)).digest('hex')}`;
}

/** Packs a copy of hello-service, optionally with extra files (e.g. `BROKEN`) added. */
export async function packHelloService(
  outFile: string,
  extraFiles: Record<string, string> = {},
): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'jetway-hello-'));
  try {
    await cp(HELLO_SERVICE_DIR, copy, { recursive: true });
    for (const [name, content] of Object.entries(extraFiles)) await writeFile(join(copy, name), content);
    return await packDirectory(copy, outFile);
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}
