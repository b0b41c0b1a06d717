import type { DriftEvent } from '@jetway/contracts';

/** Which way the stack went: drifted from its applied configuration, or back in sync. */
export type DriftPhase = 'detected' | 'resolved';

/** One drift event as the notifier handles it. */
export interface DriftNotice {
  readonly drift: DriftEvent;
  readonly phase: DriftPhase;
  /** `drift-<stack>-<env>-<episode>-<phase>`: the deployer's message id, derived from the event itself. */
  readonly eventId: string;
  /** The event's `ce-time`. */
  readonly time: string;
}

/**
 * The id of what happened, from the payload (as the deployer derives its message id): a copy
 * republished under another message id still maps to the same claims and posts nothing twice.
 */
export function driftEventIdOf(drift: Pick<DriftEvent, 'stack' | 'environment' | 'episode'>, phase: DriftPhase): string {
  return `drift-${drift.stack}-${drift.environment}-${drift.episode}-${phase}`;
}

/** One PagerDuty incident per stack, environment and episode; the resolve closes it by the same key. */
export function driftDedupKey(drift: Pick<DriftEvent, 'stack' | 'environment' | 'episode'>): string {
  return `jetway/drift/${drift.stack}/${drift.environment}/${drift.episode}`;
}

/** What to do about it: remediation goes through the same review gate as any change. */
export function remediationOf(drift: Pick<DriftEvent, 'stack' | 'environment'>): string {
  return `re-run the stack's infrastructure request (stack ${drift.stack}); the plan goes through review before anything is applied to ${drift.environment}. ` +
    `jetway drift ${drift.stack} --env ${drift.environment} shows what differs now.`;
}

/** `3 changes: aws_s3_bucket.logs update, …` — at most `limit` named. */
export function changesLine(drift: Pick<DriftEvent, 'changes'>, limit = 3): string {
  const count = drift.changes.length;
  const named = drift.changes.slice(0, limit).map((c) => `${c.address} ${c.action}`);
  const more = count > limit ? `, and ${count - limit} more` : '';
  return `${count} change${count === 1 ? '' : 's'}: ${named.join(', ')}${more}`;
}
