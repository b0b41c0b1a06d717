import { execFile } from 'node:child_process';
import { cp, stat } from 'node:fs/promises';
import { basename, isAbsolute } from 'node:path';
import { promisify } from 'node:util';
import type { ArtifactSource } from '@jetway/contracts';
import { PermanentError, TransientError } from '@jetway/messaging';

const execFileAsync = promisify(execFile);

/** Never copied into a workspace: VCS metadata and installed dependencies are rebuilt, not shipped. */
const SKIPPED_NAMES = new Set(['.git', 'node_modules']);

/** Local git operations should take seconds; a hung clone is an infrastructure problem, so retryable. */
const GIT_TIMEOUT_MS = 120_000;

/**
 * Materialises the source into `workDir` (which must not exist yet): a copy of a `directory`, or a
 * clone of a local `git` repository checked out at `version`. Bad input (missing path, unknown ref,
 * a source type this driver cannot fetch) is a `PermanentError` naming the field and the fix.
 */
export async function prepareWorkspace(source: ArtifactSource, workDir: string): Promise<void> {
  switch (source.type) {
    case 'directory':
      await assertDirectory(source.location);
      await copyDirectory(source.location, workDir);
      return;
    case 'git':
      await assertDirectory(source.location);
      await cloneRepository(source.location, source.version, workDir);
      return;
    default:
      throw new PermanentError(
        `artifact_source.type '${source.type}' is not supported by the command driver yet; use 'directory' or 'git'`,
      );
  }
}

async function assertDirectory(location: string): Promise<void> {
  // A relative path would resolve against the builder's own cwd, which the publisher cannot know.
  if (!isAbsolute(location)) {
    throw new PermanentError(`artifact_source.location: '${location}' must be an absolute path`);
  }
  const info = await stat(location).catch((error: unknown) => {
    if (errorCode(error) === 'ENOENT') {
      throw new PermanentError(`artifact_source.location: ${location} does not exist`, { cause: error });
    }
    throw new TransientError(`artifact_source.location: cannot read ${location}`, { cause: error });
  });
  if (!info.isDirectory()) {
    throw new PermanentError(`artifact_source.location: ${location} is not a directory`);
  }
}

async function copyDirectory(from: string, to: string): Promise<void> {
  await cp(from, to, {
    recursive: true,
    errorOnExist: true,
    force: false,
    // Keep links as links: following them could pull files from outside the source into the artifact.
    verbatimSymlinks: true,
    filter: (path) => path === from || !SKIPPED_NAMES.has(basename(path)),
  });
}

async function cloneRepository(location: string, version: string, to: string): Promise<void> {
  // A ref starting with '-' would be read by git as an option.
  if (version.startsWith('-')) {
    throw new PermanentError(`artifact_source.version: '${version}' is not a ref; give a branch, tag or commit`);
  }
  try {
    await git(['clone', '--quiet', '--no-hardlinks', '--', location, to]);
  } catch (error) {
    throw asGitError(error, `artifact_source.location: ${location} is not a git repository`);
  }
  try {
    await git(['-C', to, 'checkout', '--quiet', version, '--']);
  } catch (error) {
    throw asGitError(error, `artifact_source.version: ref '${version}' not found in ${location}`);
  }
}

async function git(args: string[]): Promise<void> {
  await execFileAsync('git', args, {
    timeout: GIT_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  });
}

function asGitError(error: unknown, permanentMessage: string): Error {
  const failure = error as { killed?: boolean; code?: unknown; stderr?: unknown };
  if (failure.killed === true || failure.code === 'ENOENT') {
    // Timed out, or git is not installed on this worker: another attempt (or replica) may succeed.
    return new TransientError(`git failed on this worker: ${String(failure.code ?? 'timeout')}`, { cause: error });
  }
  const detail = typeof failure.stderr === 'string' ? firstLine(failure.stderr) : '';
  return new PermanentError(detail ? `${permanentMessage} (git: ${detail})` : permanentMessage, { cause: error });
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}
