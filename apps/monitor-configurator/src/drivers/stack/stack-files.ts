import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { BundleFile } from '../../setup/bundle.types';
import { mergeAlertmanager } from './merge-alertmanager';
import { mergeBlackbox } from './merge-blackbox';
import { mergePrometheus } from './merge-prometheus';
import { APPLIED_RECORD, SETUPS_DIR, STACK_CONFIGS, setupDir, type AppliedSetup, type StackBase } from './stack-layout';
import { STACK_SERVERS, type StackServer } from './stack.port';

/** Writes through a temp file and a rename, so a server reloading meanwhile reads the old file or the new one, never half. */
export async function writeAtomically(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, content);
  await rename(temp, path);
}

export async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Every applied setup, by name order (staging and previous directories start with a dot and are skipped). */
export async function readSetups(stackDir: string): Promise<AppliedSetup[]> {
  const entries = await readdir(join(stackDir, SETUPS_DIR), { withFileTypes: true }).catch(() => []);
  const names = entries.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => entry.name).sort();
  return Promise.all(
    names.map(async (setup) => {
      const configs: Partial<Record<StackServer, string>> = {};
      for (const server of STACK_SERVERS) {
        const content = await readIfPresent(join(setupDir(stackDir, setup), STACK_CONFIGS[server]));
        if (content !== undefined) configs[server] = content;
      }
      return { setup, configs };
    }),
  );
}

/** The three stack-level configs merged from the setups on disk and the base. */
export async function renderStackConfigs(stackDir: string, base: StackBase): Promise<Record<StackServer, string>> {
  const setups = await readSetups(stackDir);
  return {
    prometheus: stringify(mergePrometheus(setups, base)),
    alertmanager: stringify(mergeAlertmanager(setups)),
    blackbox: stringify(mergeBlackbox(setups)),
  };
}

/** The stack-level configs as they are now (undefined where there is none yet). */
export async function readStackConfigs(stackDir: string): Promise<Record<StackServer, string | undefined>> {
  const read = (server: StackServer) => readIfPresent(join(stackDir, STACK_CONFIGS[server]));
  const [prometheus, alertmanager, blackbox] = await Promise.all(STACK_SERVERS.map(read));
  return { prometheus, alertmanager, blackbox };
}

/** Writes the stack-level configs (a config given as undefined is removed). */
export async function writeStackConfigs(stackDir: string, configs: Record<StackServer, string | undefined>): Promise<void> {
  for (const server of STACK_SERVERS) {
    const path = join(stackDir, STACK_CONFIGS[server]);
    const content = configs[server];
    if (content === undefined) await rm(path, { force: true });
    else await writeAtomically(path, content);
  }
}

/** Where a setup's bundle was swapped in, and how to undo or settle that swap. */
export interface SetupSwap {
  /** The digest recorded with the files that were replaced. */
  readonly previousDigest: string | undefined;
  /** Puts the previous files back (or removes the setup when it had none). */
  undo(): Promise<void>;
  /** Deletes the previous files for good. */
  settle(): Promise<void>;
}

/**
 * Writes the bundle into a staging directory beside the setup's, then swaps the two by renames:
 * the setup's directory holds either the whole previous bundle or the whole new one.
 */
export async function swapInBundle(stackDir: string, setup: string, files: readonly BundleFile[], digest: string): Promise<SetupSwap> {
  const target = setupDir(stackDir, setup);
  const tag = randomBytes(4).toString('hex');
  const staging = join(stackDir, SETUPS_DIR, `.staging-${setup}-${tag}`);
  const previous = join(stackDir, SETUPS_DIR, `.previous-${setup}-${tag}`);
  await mkdir(staging, { recursive: true });
  for (const file of files) {
    await mkdir(dirname(join(staging, file.path)), { recursive: true });
    await writeFile(join(staging, file.path), file.content);
  }
  await writeFile(join(staging, APPLIED_RECORD), `${JSON.stringify({ digest })}\n`);
  const record = await readIfPresent(join(target, APPLIED_RECORD));
  const hadPrevious = await rename(target, previous).then(
    () => true,
    (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? false : Promise.reject(error)),
  );
  await rename(staging, target);
  return {
    previousDigest: record === undefined ? undefined : (JSON.parse(record) as { digest?: string }).digest,
    undo: async () => {
      await rm(target, { recursive: true, force: true });
      if (hadPrevious) await rename(previous, target);
    },
    settle: () => rm(previous, { recursive: true, force: true }),
  };
}
