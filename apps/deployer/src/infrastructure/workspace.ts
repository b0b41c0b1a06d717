import { readdir, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { writeFiles, type BundleFile } from '@jetway/messaging';

/**
 * A stack environment's working directory under the deployer's data directory:
 * `<data>/infra/<stack>/<environment>`. It persists between steps and runs: Terraform's local
 * state, its `.terraform` folder and the saved plan files stay there while the bundle's files
 * are replaced by each run's (apply runs the plan file this directory holds).
 */
export function workspaceDir(dataDir: string, stack: string, environment: string): string {
  return join(dataDir, 'infra', stack, environment);
}

/** Files Terraform (or the stand-in) writes itself: kept when the bundle is written again. */
function terraformOwned(path: string): boolean {
  const name = path.split(sep).at(-1) ?? '';
  return (
    path.split(sep).includes('.terraform') ||
    name === '.terraform.lock.hcl' ||
    name.startsWith('terraform.tfstate') ||
    name.startsWith('.terraform.tfstate') ||
    name.endsWith('.tfplan') ||
    name.startsWith('standin-')
  );
}

/**
 * Writes the bundle's files into `dir` and removes every other file there except Terraform's own
 * (state, `.terraform`, plan files): a file an earlier bundle had and this one does not must not
 * be planned.
 */
export async function syncWorkspace(dir: string, files: readonly BundleFile[]): Promise<void> {
  const wanted = new Set(files.map((f) => f.path.split('/').join(sep)));
  for (const path of await listFiles(dir)) {
    if (!wanted.has(path) && !terraformOwned(path)) await rm(join(dir, path), { force: true });
  }
  await writeFiles(files, dir);
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}
