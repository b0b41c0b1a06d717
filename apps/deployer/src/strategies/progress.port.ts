import type { RolloutProgressed } from '@jetway/contracts';

/**
 * Where rollout progress goes: `jetway.rollout.progressed.v1`, one event per move, its id
 * derived from (run, step, attempt, sequence) so a resumed rollout republishing a move is
 * dropped as a duplicate.
 */
export interface ProgressSink {
  publish(progress: RolloutProgressed): Promise<void>;
}
