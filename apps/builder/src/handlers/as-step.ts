import type { KeptStepLog } from '@jetway/messaging';

/** A builder use case's result: its outputs, or why not; either way the step's log, inline or stored. */
export type UseCaseOutcome<O> = ({ ok: true; outputs: O } | { ok: false; reason: string }) & KeptStepLog;

/** A use case's result as a step result: succeeded with its outputs or failed with the reason, and the step's log. */
export function asStep<O>(result: UseCaseOutcome<O>) {
  const log: KeptStepLog = 'log' in result ? { log: result.log } : { log_object: result.log_object };
  return result.ok ? { outcome: 'succeeded' as const, outputs: result.outputs, ...log } : { outcome: 'failed' as const, reason: result.reason, ...log };
}
