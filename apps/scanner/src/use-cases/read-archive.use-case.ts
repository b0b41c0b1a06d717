import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import * as tar from 'tar';
import { PermanentError } from '@jetway/messaging';

const gunzipAsync = promisify(gunzip);

export interface ArchiveLimits {
  /** Files larger than this are skipped: source and config files are small, bundles are not worth scanning. */
  maxFileBytes: number;
  /** The archive may not unpack to more than this (a gzip bomb ends the scan instead of the process). */
  maxUnpackedBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = { maxFileBytes: 1024 * 1024, maxUnpackedBytes: 512 * 1024 * 1024 };

export interface ArchiveEntry {
  /** POSIX path relative to the archive root, without `./`. */
  path: string;
  content: Buffer;
}

export interface ArchiveContents {
  /** Regular text files within the size limit, in archive order. */
  entries: ArchiveEntry[];
  /** Regular files left out, with why, so a report can say what was not looked at. */
  skipped: Array<{ path: string; reason: 'too-large' | 'binary' }>;
}

/**
 * Unpacks a tar.gz in memory (nothing touches the disk) into its text files. An archive that is not
 * a gzip tar, unpacks beyond the limit, or has an entry escaping its root (`..`, absolute paths) is
 * refused with a `PermanentError`: the same bytes would fail the same way on every retry.
 */
export async function readArchive(buffer: Buffer, limits: Partial<ArchiveLimits> = {}): Promise<ArchiveContents> {
  const applied = { ...DEFAULT_ARCHIVE_LIMITS, ...limits };
  const tarBytes = await gunzipAsync(buffer, { maxOutputLength: applied.maxUnpackedBytes }).catch((error: unknown) => {
    const tooLarge = (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE';
    throw new PermanentError(
      tooLarge ? `artifact unpacks to more than ${applied.maxUnpackedBytes} bytes` : 'artifact is not a gzip archive',
      { cause: error },
    );
  });
  return parseTar(tarBytes, applied.maxFileBytes);
}

function parseTar(bytes: Buffer, maxFileBytes: number): Promise<ArchiveContents> {
  return new Promise((resolve, reject) => {
    const contents: ArchiveContents = { entries: [], skipped: [] };
    const pending: Array<Promise<void>> = [];
    let refused: Error | undefined;
    // strict: a malformed header is an error rather than a warning we would silently scan past.
    const parser = new tar.Parser({ strict: true });
    parser.on('entry', (entry: tar.ReadEntry) => {
      try {
        pending.push(readEntry(entry, maxFileBytes, contents));
      } catch (error) {
        refused ??= error as Error;
        entry.resume();
      }
    });
    parser.on('error', (error: Error) =>
      reject(new PermanentError(`artifact is not a valid tar archive: ${error.message}`, { cause: error })),
    );
    parser.on('end', () => {
      if (refused) return reject(refused);
      Promise.all(pending).then(() => resolve(contents), reject);
    });
    parser.end(bytes);
  });
}

function readEntry(entry: tar.ReadEntry, maxFileBytes: number, contents: ArchiveContents): Promise<void> {
  const path = safeEntryPath(entry.path);
  if (entry.type !== 'File' && entry.type !== 'OldFile' && entry.type !== 'ContiguousFile') {
    entry.resume(); // directories and links carry no content to scan
    return Promise.resolve();
  }
  if (entry.size > maxFileBytes) {
    contents.skipped.push({ path, reason: 'too-large' });
    entry.resume();
    return Promise.resolve();
  }
  const chunks: Buffer[] = [];
  entry.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve) =>
    entry.on('end', () => {
      const content = Buffer.concat(chunks);
      if (isBinary(content)) contents.skipped.push({ path, reason: 'binary' });
      else contents.entries.push({ path, content });
      resolve();
    }),
  );
}

/** Normalises `./a//b` to `a/b`; refuses paths that leave the archive root. */
export function safeEntryPath(raw: string): string {
  const path = raw.replace(/\\/g, '/');
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || segments.includes('..')) {
    throw new PermanentError(`archive entry '${raw}' escapes the archive root; refusing to scan this artifact`);
  }
  return segments.join('/');
}

/** Git's heuristic: a NUL byte in the first 8000 bytes means binary. */
export function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}
