import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { MonitoringValidateTriggered } from '@jetway/contracts';
import { unpackBundle, writeBundle } from './bundle';
import type { Check } from './bundle.types';
import type { BundleGenerators, BundleStore, BundleVerdict } from './setup.ports';

export interface ValidateBundleDeps {
  readonly generators: BundleGenerators;
  readonly store: BundleStore;
  /** Scratch space: each validation writes the bundle into its own directory under it, removed after. */
  readonly workRoot: string;
}

export type ValidateBundleResult = { readonly ok: true; readonly verdict: BundleVerdict } | { readonly ok: false; readonly verdict: BundleVerdict; readonly reason: string };

/** The step's reason is at most 4000 characters (contracts: stepFinished). */
const REASON_LIMIT = 4000;

/** `<check> (<file>): <detail>` for each failed check, within the reason's limit. */
export function failedChecksReason(failed: readonly Check[], total: number): string {
  const lines = failed.map((c) => `${c.check}${c.file ? ` (${c.file})` : ''}: ${c.detail ?? 'failed'}`);
  const reason = `${failed.length} of ${total} check(s) failed; nothing was applied. ${lines.join('; ')}`;
  return reason.length <= REASON_LIMIT ? reason : `${reason.slice(0, REASON_LIMIT - 1)}…`;
}

/**
 * Writes the stored bundle to a scratch directory and runs every check the generators know for
 * its stack (promtool, amtool, the routing tests, every dashboard query parsed). Any failed
 * check fails the step, naming the check and the file; a check that could not run is a failed
 * check saying why, never a pass.
 */
export async function validateBundle(trigger: MonitoringValidateTriggered, deps: ValidateBundleDeps): Promise<ValidateBundleResult> {
  const files = unpackBundle(await deps.store.get(trigger.digest), trigger.digest);
  await mkdir(deps.workRoot, { recursive: true });
  const dir = await mkdtemp(join(deps.workRoot, `${trigger.run_id}-${trigger.step_id}-${trigger.attempt}-`));
  try {
    await writeBundle(files, dir);
    const verdict = await deps.generators.check(dir, trigger.monitoring_stack);
    const failed = verdict.checks.filter((c) => !c.passed);
    if (verdict.checks.length === 0) return { ok: false, verdict, reason: 'no check ran on the bundle: nothing says it is valid, so nothing is applied' };
    return failed.length === 0 ? { ok: true, verdict } : { ok: false, verdict, reason: failedChecksReason(failed, verdict.checks.length) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
