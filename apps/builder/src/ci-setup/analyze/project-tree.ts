import { readFileSync } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, posix } from 'node:path';

/**
 * Directories the analysis never looks into: VCS metadata, installed dependencies, virtualenvs and
 * build output. They hold other people's code or our own output, not the project's.
 */
export const IGNORED_DIRS: ReadonlySet<string> = new Set([
  '.git', '.hg', '.svn', 'node_modules', 'bower_components', 'jspm_packages', 'dist', 'target', 'venv', '.venv',
  '__pycache__', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.gradle', '.nx', '.next', '.turbo', 'coverage', 'vendor',
  '.yarn', '.pnpm-store', '.idea', '.vscode',
]);

/** Files larger than this are counted but never read: manifests are small. */
const MAX_READ_BYTES = 1024 * 1024;
/** A walk stops here; the analysis says so in its notes rather than reading a whole disk. */
export const MAX_FILES = 50_000;

/**
 * A project's files as the analysis sees them: POSIX paths relative to the root, sorted, without
 * the {@link IGNORED_DIRS}. Reads are synchronous and cached: the analysis reads a few small
 * manifests, many times.
 */
export class ProjectTree {
  private readonly texts = new Map<string, string | undefined>();
  private readonly fileSet: ReadonlySet<string>;
  /** Every directory holding a file, `.` included. */
  readonly dirs: readonly string[];

  constructor(
    readonly root: string,
    readonly files: readonly string[],
    /** True when the walk stopped at {@link MAX_FILES}. */
    readonly truncated = false,
    /** Symbolic links among `files`: listed, never read (one could point outside the project). */
    private readonly links: ReadonlySet<string> = new Set(),
  ) {
    this.fileSet = new Set(files);
    this.dirs = [...new Set(files.map((file) => posix.dirname(file)).flatMap(ancestors))].sort();
  }

  has(path: string): boolean {
    return this.fileSet.has(path);
  }

  /** The file's text, or `undefined` when it is not in the tree, too large or unreadable. */
  read(path: string): string | undefined {
    if (!this.fileSet.has(path) || this.links.has(path)) return undefined;
    if (!this.texts.has(path)) this.texts.set(path, readSmallText(join(this.root, path)));
    return this.texts.get(path);
  }

  /** Files directly in `dir` (names only). */
  namesIn(dir: string): string[] {
    const prefix = dir === '.' ? '' : `${dir}/`;
    return this.files.filter((file) => file.startsWith(prefix) && !file.slice(prefix.length).includes('/')).map((file) => file.slice(prefix.length));
  }

  /** Files anywhere under `dir` (paths relative to the root). */
  filesUnder(dir: string): string[] {
    return dir === '.' ? [...this.files] : this.files.filter((file) => file.startsWith(`${dir}/`));
  }
}

/** `a/b/c` → `a/b/c`, `a/b`, `a`, `.` */
function ancestors(dir: string): string[] {
  const found = ['.'];
  const parts = dir === '.' ? [] : dir.split('/');
  for (let i = 1; i <= parts.length; i += 1) found.push(parts.slice(0, i).join('/'));
  return found;
}

/** `dir` joined with `name` as a root-relative path (`.` is the root). */
export function inDir(dir: string, name: string): string {
  return dir === '.' ? name : `${dir}/${name}`;
}

function readSmallText(path: string): string | undefined {
  try {
    const bytes = readFileSync(path);
    return bytes.length > MAX_READ_BYTES ? undefined : bytes.toString('utf8');
  } catch {
    return undefined;
  }
}

/**
 * Walks `root` into a {@link ProjectTree}. Symbolic links are listed as files but never followed
 * or read (a link could point outside the project); unreadable directories are skipped.
 */
export async function readProjectTree(root: string): Promise<ProjectTree> {
  const files: string[] = [];
  const links = new Set<string>();
  let truncated = false;
  const walk = async (dir: string, rel: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (files.length >= MAX_FILES) {
        truncated = true;
        return;
      }
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!IGNORED_DIRS.has(entry.name)) await walk(join(dir, entry.name), path);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        files.push(path);
        if (entry.isSymbolicLink()) links.add(path);
      }
    }
  };
  if (!(await lstat(root)).isDirectory()) throw new Error(`${root} is not a directory`);
  await walk(root, '');
  return new ProjectTree(root, files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), truncated, links);
}
