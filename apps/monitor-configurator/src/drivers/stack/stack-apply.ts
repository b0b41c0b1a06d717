import { join } from 'node:path';
import type { BundleFile } from '../../setup/bundle.types';
import { readStackConfigs, renderStackConfigs, swapInBundle, writeAtomically, writeStackConfigs, type SetupSwap } from './stack-files';
import { ALERTMANAGER_HASH_RECORD, STACK_CONFIGS, SETUPS_DIR, checkBundlePath, checkSetupName, type StackBase } from './stack-layout';
import { configHash, reloadAndConfirm } from './stack-reload';
import { StackApplyError } from './stack.errors';
import { STACK_SERVERS, type ApplyResult, type StackLogs, type StackServer, type StackUrls } from './stack.port';

/** A stack to apply to: its directory, the servers reading it, and what its configs hold besides the setups. */
export interface StackTarget {
  readonly stackDir: string;
  readonly urls: StackUrls;
  readonly base: StackBase;
  readonly logs?: StackLogs;
}

/**
 * Puts a setup's bundle into the stack: its files under `setups/<setup>/`, the stack configs merged
 * again from every setup, then a reload of each server (blackbox, Alertmanager, Prometheus: what a
 * Prometheus job names must exist first). When a server refuses, the previous files go back, every
 * server reloads them, and the apply fails with the refusing server's words.
 */
export async function applyBundle(stack: StackTarget, setup: string, files: readonly BundleFile[], digest: string): Promise<ApplyResult> {
  checkSetupName(setup);
  files.forEach((file) => checkBundlePath(file.path));
  const before = await readStackConfigs(stack.stackDir);
  const swap = await swapInBundle(stack.stackDir, setup, files, digest);
  let configs: Record<StackServer, string>;
  try {
    configs = await renderStackConfigs(stack.stackDir, stack.base);
    await writeStackConfigs(stack.stackDir, configs);
  } catch (error) {
    await swap.undo();
    await writeStackConfigs(stack.stackDir, before);
    throw error;
  }
  const reloaded: StackServer[] = [];
  let alertmanagerConfigHash = '';
  try {
    for (const server of RELOAD_ORDER) {
      const reported = await reloadAndConfirm(server, stack.urls, configs[server], stack.logs);
      if (server === 'alertmanager') alertmanagerConfigHash = await recordHash(stack.stackDir, reported);
      reloaded.push(server);
    }
  } catch (error) {
    throw await rollBack(stack, swap, before, error);
  }
  await swap.settle();
  const written = [...files.map((file) => join(SETUPS_DIR, setup, file.path)), ...STACK_SERVERS.map((server) => STACK_CONFIGS[server])];
  return { files: written, reloaded, alertmanagerConfigHash, ...(swap.previousDigest ? { previousDigest: swap.previousDigest } : {}) };
}

const RELOAD_ORDER: readonly StackServer[] = ['blackbox', 'alertmanager', 'prometheus'];

/**
 * Restores the previous files and reloads every server with them. Returns the error to throw: a
 * refusal marked restored, or saying the restore failed too; any other error as it was.
 */
async function rollBack(stack: StackTarget, swap: SetupSwap, before: Record<StackServer, string | undefined>, error: unknown): Promise<unknown> {
  await swap.undo();
  await writeStackConfigs(stack.stackDir, before);
  const failures: string[] = [];
  for (const server of RELOAD_ORDER) {
    const previous = before[server];
    if (previous === undefined) continue;
    try {
      const reported = await reloadAndConfirm(server, stack.urls, previous, stack.logs);
      if (server === 'alertmanager') await recordHash(stack.stackDir, reported);
    } catch (restoreError) {
      failures.push((restoreError as Error).message);
    }
  }
  // A server out of reach: the files are back, and trying again later may help.
  if (!(error instanceof StackApplyError)) return error;
  if (failures.length === 0) return new StackApplyError(error.server, `${error.message}\nthe previous configuration was restored and reloaded`, true, { cause: error });
  return new StackApplyError(error.server, `${error.message}\nrestoring the previous configuration failed too:\n${failures.join('\n')}`, false, { cause: error });
}

/** Keeps the hash of what Alertmanager reported after a successful reload: what `verify` expects it to still report. */
async function recordHash(stackDir: string, reported: string): Promise<string> {
  const hash = configHash(reported);
  await writeAtomically(join(stackDir, ALERTMANAGER_HASH_RECORD), `${hash}\n`);
  return hash;
}
