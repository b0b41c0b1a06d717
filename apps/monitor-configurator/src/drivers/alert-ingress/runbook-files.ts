import { readFile, realpath } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { setupDir } from './file-receiver-directory';

/** A runbook file to serve, or why not: `refused` (400) for a path that leaves the runbooks, `missing` (404). */
export type RunbookFile =
  | { readonly ok: true; readonly contentType: string; readonly body: Buffer }
  | { readonly ok: false; readonly status: 400 | 404; readonly reason: string };

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The relative path segments of `rawPath` (URL-encoded, `/`-separated), or undefined when any
 * segment could step outside: `..`, `.`, empty, or holding a backslash or NUL after decoding.
 */
export function safeSegments(rawPath: string): string[] | undefined {
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment === '' || segment === '.' || segment === '..' || /[\\/\0]/.test(segment)) return undefined;
    segments.push(segment);
  }
  return segments.length > 0 ? segments : undefined;
}

/**
 * Reads `<stackDir>/setups/<setup>/runbooks/<rawPath>`. Refuses a path that would leave the
 * runbooks directory, by its segments and again after resolving symbolic links.
 */
export async function readRunbook(stackDir: string, setup: string, rawPath: string): Promise<RunbookFile> {
  const segments = safeSegments(rawPath);
  if (!segments) return { ok: false, status: 400, reason: `runbook path "${rawPath}" refused: it must stay inside the runbooks` };
  const contentType = CONTENT_TYPES[extname(segments.at(-1) ?? '').toLowerCase()];
  if (!contentType) return { ok: false, status: 404, reason: `no runbook page at ${segments.join('/')} (pages are .html)` };
  const root = join(setupDir(stackDir, setup), 'runbooks');
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(join(root, ...segments))]);
    if (!realFile.startsWith(realRoot + sep)) return { ok: false, status: 400, reason: `runbook path "${rawPath}" refused: it leads outside the runbooks` };
    return { ok: true, contentType, body: await readFile(realFile) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') {
      return { ok: false, status: 404, reason: `setup "${setup}" has no runbook ${segments.join('/')}` };
    }
    throw error;
  }
}
