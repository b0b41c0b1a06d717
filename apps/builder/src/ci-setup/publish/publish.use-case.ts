import { mkdir, mkdtemp, readFile, realpath, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { PublishFinished, PublishTriggered } from '@jetway/contracts';
import { PermanentError, TransientError } from '@jetway/messaging';
import { commitMessage, commitOnNewBranch } from './branch';
import { readBundle, type BundleFile } from './bundle';
import { fetchArtifact, type ArtifactReader } from './fetch-artifact';
import { git, GitFailed, revParse } from './git';
import { writePatch } from './patch';

export interface PublishDeps {
  /** Directory under which each attempt gets a scratch directory (bundle, temporary index), removed afterwards. */
  workRoot: string;
  objects: ArtifactReader;
}

type Outputs = NonNullable<PublishFinished['outputs']>;
/** The step's result: always succeeded (bad input and refusals are `PermanentError`s), with what it found when it changed nothing. */
export interface PublishResult {
  outputs: Outputs;
  reason?: string;
}

/**
 * Publishes a generated bundle to the project: in a git repository (the project directory is its
 * top level) ONE commit on the new branch `trigger.branch`, starting at `base_commit`, else the
 * ref, else HEAD — see {@link commitOnNewBranch}; in any other directory a patch file next to the
 * project, `<dir>/../<name>.jetway-ci-setup-<run id>.patch`. A subdirectory of a repository is
 * treated as a plain directory: a branch of the enclosing repository would put CI files where no
 * CI platform looks for them (and a fixture inside another checkout must not branch that checkout).
 */
export async function publishBundle(trigger: PublishTriggered, deps: PublishDeps): Promise<PublishResult> {
  const project = await projectDirectory(trigger.project.path);
  await mkdir(deps.workRoot, { recursive: true });
  const scratchDir = await mkdtemp(join(deps.workRoot, `publish-${trigger.run_id}-${trigger.step_id}-${trigger.attempt}-`));
  try {
    const archive = join(scratchDir, 'bundle.tar.gz');
    await fetchArtifact(deps.objects, trigger.bundle_digest, archive);
    const files = await readBundle(await readFile(archive));
    const paths = files.map((file) => file.path);
    if (await isRepositoryRoot(project)) return await toBranch(trigger, project, files, scratchDir);
    const patchFile = join(dirname(project), `${basename(project)}.jetway-ci-setup-${trigger.run_id}.patch`);
    if (!(await writePatch(project, files, patchFile, scratchDir))) {
      return { outputs: { files: paths }, reason: `${project} already holds these files; no patch was needed` };
    }
    return { outputs: { files: paths, patch_file: patchFile } };
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }
}

async function toBranch(trigger: PublishTriggered, repo: string, files: BundleFile[], scratchDir: string): Promise<PublishResult> {
  const base = await baseCommit(repo, trigger);
  const message = commitMessage(trigger.run_id, trigger.application, files);
  const result = await commitOnNewBranch({ repo, base, branch: trigger.branch, files, message, scratchDir });
  const outputs = { files: files.map((file) => file.path), branch: trigger.branch, commit: result.commit };
  if (result.created) return { outputs };
  return { outputs, reason: `branch ${trigger.branch} already holds these files at ${result.commit.slice(0, 12)}; nothing to do` };
}

/** `base_commit`, else `project.ref`, else HEAD; `undefined` only for a repository with no commits yet. */
async function baseCommit(repo: string, trigger: PublishTriggered): Promise<string | undefined> {
  const [field, rev] = trigger.base_commit
    ? ['base_commit', trigger.base_commit]
    : trigger.project.ref
      ? ['project.ref', trigger.project.ref]
      : ['HEAD', 'HEAD'];
  const commit = await revParse(['-C', repo], `${rev}^{commit}`);
  if (commit !== undefined) return commit;
  if (field === 'HEAD') return undefined;
  throw new PermanentError(`${field}: '${rev}' is not a commit in ${repo}`);
}

async function projectDirectory(path: string): Promise<string> {
  if (!isAbsolute(path)) throw new PermanentError(`project.path: '${path}' must be an absolute path`);
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new PermanentError(`project.path: ${path} does not exist`, { cause: error });
    throw new TransientError(`project.path: cannot read ${path}: ${error.message}`, { cause: error });
  });
  if (!info.isDirectory()) throw new PermanentError(`project.path: ${path} is not a directory`);
  return realpath(path);
}

/**
 * Whether `dir` is the top level of a git work tree (not merely somewhere inside one). A `.git`
 * that git refuses to read (e.g. "dubious ownership") is an error naming git's words, never a
 * silent fall back to a patch.
 */
async function isRepositoryRoot(dir: string): Promise<boolean> {
  try {
    const top = (await git(['-C', dir], ['rev-parse', '--show-toplevel'])).trim();
    return (await realpath(top)) === dir;
  } catch (error) {
    if (!(error instanceof GitFailed)) throw error;
    const dotGit = await stat(join(dir, '.git')).catch(() => undefined);
    if (dotGit === undefined) return false;
    throw new PermanentError(`project.path: ${dir} has a .git that git cannot use (git: ${error.stderr.trim().split('\n')[0] ?? ''})`, { cause: error });
  }
}
