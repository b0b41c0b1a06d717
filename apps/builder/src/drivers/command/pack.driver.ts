import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import * as tar from 'tar';
import { PermanentError } from '@jetway/messaging';
import type { PackedTree } from '../../use-cases/build-driver.port';

/** Every entry gets this mtime, so the archive depends on content only. */
const FIXED_MTIME = new Date(0);

/** VCS metadata differs between clones of the same commit; it never belongs in an artifact. */
const EXCLUDED_NAMES = new Set(['.git']);

export type PackResult =
  | { ok: true; digest: string; sizeBytes: number }
  | { ok: false; reason: string };

/**
 * Packs `output` (relative to `workspace`) into a deterministic tar.gz at `archivePath`: entries in
 * sorted order, fixed mtime, portable headers (no uid/gid/atime/ctime) and a gzip header without
 * mtime or OS, so the same tree always gives the same sha256. A directory's contents become the
 * archive root; a single file is packed under its own name. A missing or empty output is a failed
 * build (`ok: false`), an output outside the workspace is bad input (`PermanentError`).
 */
export async function packOutput(workspace: string, output: string, archivePath: string): Promise<PackResult> {
  const target = resolve(workspace, output);
  const fromWorkspace = relative(workspace, target);
  if (isAbsolute(output) || fromWorkspace === '..' || fromWorkspace.startsWith(`..${sep}`)) {
    throw new PermanentError(`build.output: '${output}' must be a path inside the workspace, e.g. 'dist'`);
  }
  const info = await lstat(target).catch(() => undefined);
  if (info === undefined) {
    return { ok: false, reason: `build.output: '${output}' does not exist after the build; set it to what the command writes` };
  }
  const [cwd, entries] = info.isDirectory()
    ? [target, await listTree(target)]
    : [dirname(target), [basename(target)]];
  if (entries.length === 0) {
    return { ok: false, reason: `build.output: '${output}' is empty after the build` };
  }
  await tar.create(
    { file: archivePath, cwd, gzip: true, portable: true, mtime: FIXED_MTIME, noDirRecurse: true, strict: true },
    entries,
  );
  return { ok: true, digest: await sha256File(archivePath), sizeBytes: (await stat(archivePath)).size };
}

/**
 * Packs the whole source tree in `workspace` (without `.git`) into `archivePath` by the same rules
 * as an artifact, so it is content-addressed the same way and the scanner reads it the same way.
 * `undefined` for an empty tree: there is nothing to scan.
 */
export async function packSource(workspace: string, archivePath: string): Promise<PackedTree | undefined> {
  const packed = await packOutput(workspace, '.', archivePath);
  return packed.ok ? { digest: packed.digest, sizeBytes: packed.sizeBytes, archivePath } : undefined;
}

/** All paths under `root` (directories before their contents), POSIX-relative, sorted by code unit. */
async function listTree(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (EXCLUDED_NAMES.has(entry.name)) continue;
      const path = join(dir, entry.name);
      found.push(relative(root, path).split('\\').join('/'));
      if (entry.isDirectory()) await walk(path);
    }
  };
  await walk(root);
  // Plain code-unit order: locale-aware sorting would differ between machines.
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}
