import type { MonitoringApplyTriggered, MonitoringVerifyTriggered } from '@jetway/contracts';
import { unpackBundle } from './bundle';
import type { ApplyOutcome, BundleStore, MonitoringStackPort, VerifyOutcome } from './setup.ports';

export interface StackStepDeps {
  readonly store: BundleStore;
  readonly stack: MonitoringStackPort;
}

/** Applies the stored bundle to the stack (files, then reloads; restored when a server refuses it). */
export async function applyBundle(trigger: MonitoringApplyTriggered, deps: StackStepDeps): Promise<ApplyOutcome & { urls: Readonly<Record<string, string>> }> {
  const files = unpackBundle(await deps.store.get(trigger.digest), trigger.digest);
  const outcome = await deps.stack.apply(trigger.name, files, trigger.digest);
  return { ...outcome, urls: deps.stack.urls() };
}

/**
 * Verifies the stack runs the bundle: every target of the setup up, every rule group loaded,
 * Alertmanager on the config it was given. Waits for it until `deadlineMs` (a first scrape takes
 * a scrape interval), then fails naming what is not so.
 */
export async function verifyBundle(trigger: MonitoringVerifyTriggered, deps: StackStepDeps & { deadlineMs: number }): Promise<VerifyOutcome> {
  return deps.stack.verify(trigger.name, deps.deadlineMs);
}
