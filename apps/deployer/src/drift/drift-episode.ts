import { z } from 'zod';
import { AppName, EnvironmentType, PlannedChange, Timestamp, type DriftCheckResult as DriftCheckResultSchema, type DriftEvent } from '@jetway/contracts';

/** One environment's answer to `jetway drift`. */
export type DriftCheckResult = z.infer<typeof DriftCheckResultSchema>;

/**
 * What the deployer remembers of a stack's drift between checks (KV jetway-drift, `<stack>.<env>`):
 * whether the last check that ran found it in sync, and the number of the last drift episode.
 * An episode opens when a check finds a change after the stack was in sync (one incident), and
 * closes when a check finds it in sync again.
 */
export const DriftState = z.object({
  stack: AppName,
  environment: EnvironmentType,
  status: z.enum(['in_sync', 'drifted']),
  /** The last episode opened (0: the stack never drifted). While drifted, the open one. */
  episode: z.number().int().min(0),
  /** While drifted: what the last check would change. */
  changes: z.array(PlannedChange).max(200),
  /** When the current status began. */
  since: Timestamp,
  checked_at: Timestamp,
});
export type DriftState = z.infer<typeof DriftState>;

/**
 * One re-plan of a stack's last applied configuration. `unknown`: the check could not run (the
 * tool is missing, the server did not answer, the record has no configuration to compare) —
 * it says nothing about the stack, so it changes nothing.
 */
export type DriftCheck =
  | { readonly status: 'in_sync'; readonly detail: string }
  | { readonly status: 'drifted'; readonly changes: readonly PlannedChange[]; readonly detail: string }
  | { readonly status: 'unknown'; readonly why: string };

export type DriftSubject = 'jetway.infra.drift.detected.v1' | 'jetway.infra.drift.resolved.v1';

/** An event to publish: its id carries stack, environment and episode, so a repeat is one event. */
export interface DriftPublication {
  readonly subject: DriftSubject;
  readonly id: string;
  readonly event: DriftEvent;
}

export interface DriftFacts {
  readonly stack: string;
  readonly environment: EnvironmentType;
  /** The run that applied the configuration the check compared against. */
  readonly appliedByRun: string;
  readonly checkedAt: string;
}

export interface DriftDecision {
  /** The state to store; absent when the check changes nothing (unknown). */
  readonly state?: DriftState;
  /** The event the transition publishes; absent while the status stays as it was. */
  readonly publish?: DriftPublication;
  /** The answer for `jetway drift`. */
  readonly result: DriftCheckResult;
}

/** `drift-<stack>-<env>-<episode>-<detected|resolved>`. */
export function driftEventId(stack: string, environment: string, episode: number, phase: 'detected' | 'resolved'): string {
  return `drift-${stack}-${environment}-${episode}-${phase}`;
}

/** The event changes are capped as the contract caps them; the state keeps the same. */
const MAX_CHANGES = 200;

/**
 * The drift episode logic, pure: in sync → drifted opens episode n+1 and publishes
 * drift.detected once; drifted → drifted publishes nothing (one incident per episode, not one per
 * check) but keeps the latest changes; drifted → in sync publishes drift.resolved for the same
 * episode; a check that could not run (unknown) changes nothing and says why.
 */
export function decideDrift(previous: DriftState | undefined, check: DriftCheck, facts: DriftFacts): DriftDecision {
  const { stack, environment, checkedAt } = facts;
  const lastEpisode = previous?.episode ?? 0;
  if (check.status === 'unknown') {
    return { result: { environment, status: 'unknown', changes: [], detail: check.why, episode: lastEpisode, checked_at: checkedAt } };
  }
  if (check.status === 'in_sync') {
    const state: DriftState = { stack, environment, status: 'in_sync', episode: lastEpisode, changes: [], since: previous?.status === 'in_sync' ? previous.since : checkedAt, checked_at: checkedAt };
    const result: DriftCheckResult = { environment, status: 'in_sync', changes: [], detail: check.detail, episode: lastEpisode, checked_at: checkedAt };
    if (previous?.status !== 'drifted') return { state, result };
    return { state, result, publish: publication('resolved', facts, lastEpisode, []) };
  }
  const changes = check.changes.slice(0, MAX_CHANGES).map((c) => ({ address: c.address, action: c.action }));
  if (previous?.status === 'drifted') {
    const state: DriftState = { ...previous, changes, checked_at: checkedAt };
    return { state, result: { environment, status: 'drifted', changes, detail: check.detail, episode: previous.episode, checked_at: checkedAt } };
  }
  const episode = lastEpisode + 1;
  const state: DriftState = { stack, environment, status: 'drifted', episode, changes, since: checkedAt, checked_at: checkedAt };
  const result: DriftCheckResult = { environment, status: 'drifted', changes, detail: check.detail, episode, checked_at: checkedAt };
  return { state, result, publish: publication('detected', facts, episode, changes) };
}

function publication(phase: 'detected' | 'resolved', facts: DriftFacts, episode: number, changes: DriftEvent['changes']): DriftPublication {
  const { stack, environment, appliedByRun, checkedAt } = facts;
  return {
    subject: phase === 'detected' ? 'jetway.infra.drift.detected.v1' : 'jetway.infra.drift.resolved.v1',
    id: driftEventId(stack, environment, episode, phase),
    event: { stack, environment, episode, changes, applied_by_run: appliedByRun, checked_at: checkedAt },
  };
}
