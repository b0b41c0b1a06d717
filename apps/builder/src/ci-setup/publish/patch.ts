import { lstat, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PermanentError } from '@jetway/messaging';
import type { BundleFile } from './bundle';
import { git, treeWithFiles, type GitAt } from './git';

/**
 * Writes a patch that turns the directory `projectDir` into the directory plus `files` — new files
 * created, files it already has replaced — at `patchPath` (atomically: a reader never sees half a
 * patch). The diff is git's own: both states are built as trees in a scratch bare repository under
 * `scratchDir` and compared with `git diff-tree -p --binary`, so `git apply` (and `patch -p1` for
 * text) takes it as is. Nothing is written inside `projectDir`. Resolves `false` and writes nothing
 * when the directory already holds exactly these files.
 */
export async function writePatch(projectDir: string, files: readonly BundleFile[], patchPath: string, scratchDir: string): Promise<boolean> {
  const gitDir = join(scratchDir, 'patch.git');
  await git([], ['init', '--bare', '--quiet', gitDir]);
  const at: GitAt = ['--git-dir', gitDir];
  const before = await treeWithFiles(at, undefined, await currentVersions(projectDir, files), join(scratchDir, 'index-before'));
  const after = await treeWithFiles(at, before, files, join(scratchDir, 'index-after'));
  const patch = await git(at, ['diff-tree', '-p', '--binary', '--full-index', '--no-renames', '--no-ext-diff', '--src-prefix=a/', '--dst-prefix=b/', before, after]);
  if (patch === '') return false;
  const partial = `${patchPath}.partial`;
  await writeFile(partial, patch).catch((error: unknown) => {
    throw new PermanentError(`cannot write the patch file ${patchPath}: ${(error as Error).message}`, { cause: error });
  });
  await rename(partial, patchPath);
  return true;
}

/** The directory's own version of each path the bundle writes, where it has one. */
async function currentVersions(projectDir: string, files: readonly BundleFile[]): Promise<BundleFile[]> {
  const found: BundleFile[] = [];
  for (const file of files) {
    const path = join(projectDir, file.path);
    const info = await lstat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      if (error.code === 'ENOTDIR') throw notAFile(file.path, 'a file where the bundle needs a directory on the way');
      throw error;
    });
    if (info === undefined) continue;
    if (!info.isFile()) throw notAFile(file.path, info.isDirectory() ? 'a directory' : 'a link or special file');
    found.push({ path: file.path, content: await readFile(path), executable: (info.mode & 0o111) !== 0 });
  }
  return found;
}

function notAFile(path: string, what: string): PermanentError {
  return new PermanentError(`the project has ${what} at ${path}, where the generated bundle puts a file`);
}
