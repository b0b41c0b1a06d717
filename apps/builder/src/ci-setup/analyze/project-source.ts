import { spawn } from 'node:child_process';
import { cp, lstat, readdir, readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import type { ProjectSource } from '@jetway/contracts';
import { PermanentError, TransientError } from '@jetway/messaging';

/** Not copied from a plain directory: VCS metadata, installed dependencies, virtualenvs and caches, all rebuilt by the pipeline. */
export const COPY_SKIPPED: ReadonlySet<string> = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__', '.tox', '.nox', '.pytest_cache', '.mypy_cache', '.gradle', '.nx', '.turbo']);

/** Local git plumbing should take seconds; a hung one is an infrastructure problem, so retryable. */
const GIT_TIMEOUT_MS = 120_000;

/** The project's files, copied where the analysis and the packing read them. */
export interface MaterializedProject {
  kind: 'directory' | 'git';
  /** The commit analysed, for a git repository. */
  commit?: string;
  /** What the reader should know about how the tree was taken, in words. */
  notes: string[];
}

/**
 * Copies the project at `project.path` into `into` (which must exist and be empty) without
 * changing anything at `project.path`: a git repository's committed tree at `project.ref`
 * (default HEAD) through `git archive` — its working tree, index and checkout are only read — or a
 * plain directory's files without {@link COPY_SKIPPED}. Bad input (a path that is not absolute,
 * does not exist, is not readable, an unknown ref) rejects with a `PermanentError` naming the path
 * and the cause; git missing or timing out with a `TransientError`.
 */
export async function materializeProject(project: ProjectSource, into: string): Promise<MaterializedProject> {
  const path = project.path;
  await assertReadableDirectory(path);
  if (await exists(join(path, '.git'))) return archiveCommit(path, project.ref ?? 'HEAD', into);
  const notes: string[] = [];
  if (project.ref) notes.push(`ref '${project.ref}' ignored: ${path} is not a git repository`);
  const top = await gitOutput(path, ['rev-parse', '--show-toplevel']).catch(() => undefined);
  if (top) notes.push(`${path} is inside the git repository ${top.trim()}: analysed as a plain directory (its files as they are, uncommitted changes included)`);
  await copyDirectory(path, into);
  return { kind: 'directory', notes };
}

async function assertReadableDirectory(path: string): Promise<void> {
  // A relative path would resolve against the builder's own working directory, which the requester cannot know.
  if (!isAbsolute(path)) throw new PermanentError(`project_path: '${path}' must be an absolute path`);
  const info = await stat(path).catch((error: unknown) => {
    throw new PermanentError(`project_path: ${path} ${describeFsError(error)}`, { cause: error });
  });
  if (!info.isDirectory()) throw new PermanentError(`project_path: ${path} is not a directory`);
  await readdir(path).catch((error: unknown) => {
    throw new PermanentError(`project_path: ${path} ${describeFsError(error)}`, { cause: error });
  });
}

async function archiveCommit(repo: string, ref: string, into: string): Promise<MaterializedProject> {
  // A ref starting with '-' would be read by git as an option.
  if (ref.startsWith('-')) throw new PermanentError(`ref: '${ref}' is not a ref; give a branch, tag or commit`);
  const commit = (await gitOutput(repo, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).catch((error: unknown) => {
    throw asGitError(error, `ref: '${ref}' is not a commit in ${repo}${ref === 'HEAD' ? ' (a repository without commits?)' : ''}`);
  })).trim();
  await gitArchive(repo, commit, into);
  const notes: string[] = [];
  const attributes = await readText(join(into, '.gitattributes'));
  if (/\bexport-ignore\b/.test(attributes)) notes.push('.gitattributes marks paths export-ignore: git archive left them out of the analysed tree');
  if (await exists(join(into, '.gitmodules'))) notes.push('the repository has submodules (.gitmodules): their contents are not in the analysed tree');
  return { kind: 'git', commit, notes };
}

/** `git archive <commit>` streamed into `into` (the tar package refuses absolute and `..` paths). */
async function gitArchive(repo: string, commit: string, into: string): Promise<void> {
  const child = spawn('git', ['-C', repo, 'archive', '--format=tar', commit], { env: gitEnv(), stdio: ['ignore', 'pipe', 'pipe'], timeout: GIT_TIMEOUT_MS, killSignal: 'SIGKILL' });
  const exited = exitOf(child);
  try {
    await pipeline(child.stdout, tar.x({ cwd: into, strict: true, preserveOwner: false }));
  } catch (error) {
    child.kill('SIGKILL');
    await exited.catch(() => undefined);
    throw new PermanentError(`project_path: git archive of ${commit} in ${repo} could not be unpacked (${(error as Error).message})`, { cause: error });
  }
  await exited.catch((error: unknown) => {
    throw asGitError(error, `project_path: git archive of ${commit} failed in ${repo}`);
  });
}

async function copyDirectory(from: string, to: string): Promise<void> {
  await cp(from, to, {
    recursive: true,
    force: false,
    // Links stay links: following them could pull files from outside the project into its tree.
    verbatimSymlinks: true,
    filter: (path) => path === from || !COPY_SKIPPED.has(basename(path)),
  }).catch((error: unknown) => {
    const file = (error as { path?: unknown }).path;
    throw new PermanentError(`project_path: cannot copy ${typeof file === 'string' ? file : from} ${describeFsError(error)}`, { cause: error });
  });
}

/** stdout of `git -C cwd args…`; rejects with the exit code, stderr and whether it was killed. */
export function gitOutput(cwd: string, args: string[]): Promise<string> {
  const child = spawn('git', ['-C', cwd, ...args], { env: gitEnv(), stdio: ['ignore', 'pipe', 'pipe'], timeout: GIT_TIMEOUT_MS, killSignal: 'SIGKILL' });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  return exitOf(child).then(() => stdout);
}

interface GitFailure extends Error {
  code?: unknown;
  killed?: boolean;
  stderr?: string;
}

function exitOf(child: ReturnType<typeof spawn>): Promise<void> {
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) return resolve();
      reject(Object.assign(new Error(`git exited with ${code ?? signal}`), { code, killed: signal !== null, stderr }) as GitFailure);
    });
  });
}

function asGitError(error: unknown, permanentMessage: string): Error {
  const failure = error as GitFailure;
  if (failure.killed === true || failure.code === 'ENOENT') {
    // Timed out, or git is not installed on this worker: another attempt (or replica) may succeed.
    return new TransientError(`git failed on this worker: ${String(failure.code === 'ENOENT' ? 'git not found' : 'timed out')}`, { cause: error });
  }
  const detail = failure.stderr?.trim().split('\n')[0]?.trim();
  return new PermanentError(detail ? `${permanentMessage} (git: ${detail})` : permanentMessage, { cause: error });
}

function gitEnv(): NodeJS.ProcessEnv {
  // No prompts, no pager, and no repository or index from the builder's own environment.
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat' };
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY']) delete env[name];
  return env;
}

/** What an fs error says about a project path, in words (exported for its spec: root reads every directory). */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EACCES' || code === 'EPERM') return `is not readable (permission denied, ${String(code)})`;
  if (code === 'ENOTDIR') return 'is not a directory';
  return `cannot be read (${error instanceof Error ? error.message : String(error)})`;
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(() => true, () => false);
}

async function readText(path: string): Promise<string> {
  return readFile(path, 'utf8').catch(() => '');
}
