import { spawn } from 'node:child_process';
import { PermanentError, TransientError } from '@jetway/messaging';
import type { BundleFile } from './bundle';

/** Local plumbing takes milliseconds; a git that hangs this long is stuck (a lock, a dead disk). */
const GIT_TIMEOUT_MS = 60_000;

/** Where a git command works: `['-C', dir]` for a repository, `['--git-dir', dir]` for a bare scratch one. */
export type GitAt = readonly string[];

/** A git command that ran and exited non-zero: what it said, for the caller to judge. */
export class GitFailed extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} exited with code ${exitCode}: ${stderr.trim().split('\n')[0] ?? ''}`);
    this.name = 'GitFailed';
  }
}

export interface GitCall {
  /** Extra variables, e.g. `GIT_INDEX_FILE` (a temporary index) or the author and committer. */
  env?: Readonly<Record<string, string>>;
  /** Bytes on stdin (a blob for `hash-object --stdin`, a message for `commit-tree -F -`). */
  input?: Buffer | string;
}

/**
 * Runs the real git binary and resolves with its stdout. The environment is built here, not
 * inherited: a `GIT_DIR`, `GIT_INDEX_FILE` or `GIT_WORK_TREE` in the builder's own environment
 * would point these commands at the wrong repository or at the user's index. A non-zero exit
 * rejects with {@link GitFailed}; git missing or hung rejects with `TransientError`.
 */
export function git(at: GitAt, args: readonly string[], call: GitCall = {}): Promise<string> {
  const argv = [...at, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn('git', argv, { env: gitEnvironment(call.env), stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), GIT_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new TransientError(`git could not run on this worker: ${error.message}`, { cause: error }));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (signal) return reject(new TransientError(`git ${args[0] ?? ''} was killed (${signal}) after ${GIT_TIMEOUT_MS} ms`));
      if (code !== 0) return reject(new GitFailed(args, code ?? -1, Buffer.concat(stderr).toString('utf8')));
      resolve(Buffer.concat(stdout).toString('utf8'));
    });
    child.stdin.on('error', () => undefined); // git may exit before reading all of stdin; its exit code says why
    child.stdin.end(call.input ?? '');
  });
}

/** `git rev-parse --verify --quiet <rev>`: the object id, or `undefined` when there is none. */
export async function revParse(at: GitAt, rev: string): Promise<string | undefined> {
  try {
    return (await git(at, ['rev-parse', '--verify', '--quiet', '--end-of-options', rev])).trim() || undefined;
  } catch (error) {
    if (error instanceof GitFailed) return undefined;
    throw error;
  }
}

/**
 * The tree of `base` (or an empty tree) plus `files`, built in the temporary index at `indexFile`
 * with plumbing only: `read-tree`, `hash-object -w` per file, one `update-index --add
 * --cacheinfo` and `write-tree`. Only the object database changes — never a working tree, never
 * the repository's own index. A file where the base has a directory (or the reverse) is refused.
 */
export async function treeWithFiles(at: GitAt, base: string | undefined, files: readonly BundleFile[], indexFile: string): Promise<string> {
  const env = { GIT_INDEX_FILE: indexFile };
  await git(at, base ? ['read-tree', base] : ['read-tree', '--empty'], { env });
  const entries: string[] = [];
  for (const file of files) {
    const blob = (await git(at, ['hash-object', '-w', '--stdin'], { input: file.content })).trim();
    entries.push('--cacheinfo', `${file.executable ? '100755' : '100644'},${blob},${file.path}`);
  }
  try {
    await git(at, ['update-index', '--add', ...entries], { env });
  } catch (error) {
    if (!(error instanceof GitFailed)) throw error;
    throw new PermanentError(`the generated files do not fit the project's tree (git: ${error.stderr.trim().split('\n')[0] ?? ''})`, { cause: error });
  }
  return (await git(at, ['write-tree'], { env })).trim();
}

/**
 * PATH and HOME (git finds itself and the user's global config: `safe.directory`, object
 * settings), a fixed locale, no prompts, and the caller's variables.
 */
export function gitEnvironment(extra: Readonly<Record<string, string>> = {}, source: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = { LANG: 'C', LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' };
  for (const name of ['PATH', 'HOME'] as const) {
    const value = source[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...extra };
}
