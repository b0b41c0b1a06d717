import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import * as tar from 'tar';
import { PermanentError } from '@jetway/messaging';

const gunzipAsync = promisify(gunzip);

/** Generated CI files are small; a bundle unpacking to more than this is not one. */
const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;

/** One file of a generated bundle. */
export interface BundleFile {
  /** POSIX path relative to the project root, without `./`. */
  path: string;
  content: Buffer;
  /** Whether any execute bit is set in the archive (a generated script): committed as mode 100755. */
  executable: boolean;
}

/**
 * The files of a generated bundle (a tar.gz, paths relative to the project root), sorted by path.
 * Directories are implied by the files; anything else — links, devices, a path escaping the root
 * or reaching into `.git`, a path twice, an empty bundle, bytes that are not a gzip tar — is
 * refused with a `PermanentError`: the same bytes would fail the same way on every retry.
 */
export async function readBundle(archive: Buffer): Promise<BundleFile[]> {
  const tarBytes = await gunzipAsync(archive, { maxOutputLength: MAX_UNPACKED_BYTES }).catch((error: unknown) => {
    throw new PermanentError(`bundle is not a gzip archive of at most ${MAX_UNPACKED_BYTES} bytes`, { cause: error });
  });
  const files = await parseTar(tarBytes);
  if (files.length === 0) throw new PermanentError('bundle holds no files');
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) throw new PermanentError(`bundle holds ${file.path} twice`);
    seen.add(file.path);
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function parseTar(bytes: Buffer): Promise<BundleFile[]> {
  return new Promise((resolve, reject) => {
    const files: BundleFile[] = [];
    let refused: Error | undefined;
    const parser = new tar.Parser({ strict: true });
    parser.on('entry', (entry: tar.ReadEntry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => {
        try {
          const file = bundleFile(entry, Buffer.concat(chunks));
          if (file) files.push(file);
        } catch (error) {
          refused ??= error as Error;
        }
      });
    });
    parser.on('error', (error: Error) => reject(new PermanentError(`bundle is not a valid tar archive: ${error.message}`, { cause: error })));
    parser.on('end', () => (refused ? reject(refused) : resolve(files)));
    parser.end(bytes);
  });
}

function bundleFile(entry: tar.ReadEntry, content: Buffer): BundleFile | undefined {
  if (entry.type === 'Directory') return undefined;
  const path = safePath(entry.path);
  if (entry.type !== 'File' && entry.type !== 'OldFile' && entry.type !== 'ContiguousFile') {
    throw new PermanentError(`bundle entry ${path} is a ${entry.type}, not a file; a generated bundle holds files only`);
  }
  return { path, content, executable: ((entry.mode ?? 0) & 0o111) !== 0 };
}

/** `./a/b` → `a/b`; absolute paths, `..` and anything under `.git` are refused. */
export function safePath(raw: string): string {
  const segments = raw.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (raw.startsWith('/') || segments.includes('..') || segments.length === 0) {
    throw new PermanentError(`bundle entry '${raw}' is not a path inside the project`);
  }
  if (segments.some((segment) => segment.toLowerCase() === '.git')) {
    throw new PermanentError(`bundle entry '${raw}' reaches into .git; generated files never do`);
  }
  return segments.join('/');
}
