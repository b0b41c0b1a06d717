import { DEFAULT_DEADLINES, RolloutSpec, type DeployTriggered } from '@jetway/contracts';
import type { DeployInput } from '../use-cases/deploy.types';

/** What the handler resolved for a trigger: the artifact's local file, the health deadline, when the trigger was sent. */
export interface Resolved {
  readonly artifactPath: string;
  readonly healthDeadlineMs: number;
  /** The trigger's `ce-time` (ISO); the step's deadline counts from it. */
  readonly triggeredAt: string;
  readonly nowMs: number;
}

/** The longest margin a rollout keeps before the planner's deadline, for its own abort (route back, drain, stop). */
const MAX_MARGIN_MS = 15_000;

/**
 * The moment a rollout must have ended: the planner's deadline less a margin for the abort
 * itself (a tenth of the deadline, at most 15 s), so a paused canary is aborted and reported by
 * the deployer — with what serves now — rather than failed by the planner's timer.
 */
export function rolloutDeadline(triggeredAtMs: number, deadlineSeconds: number): number {
  const ms = deadlineSeconds * 1_000;
  return triggeredAtMs + ms - Math.min(MAX_MARGIN_MS, ms / 10);
}

/** A deploy trigger as the strategies take it: the rollout block with its defaults, and the deadline. */
export function deployInputOf(trigger: DeployTriggered, resolved: Resolved): DeployInput {
  const { run_id, step_id, attempt, application, environment, digest, strategy, platform_config } = trigger;
  const sent = Date.parse(resolved.triggeredAt);
  const deadline = rolloutDeadline(Number.isFinite(sent) ? sent : resolved.nowMs, trigger.deadline_seconds ?? DEFAULT_DEADLINES.deploy);
  return {
    run_id, step_id, attempt, application, environment, digest, strategy, platform_config,
    rollout: trigger.rollout ?? RolloutSpec.parse({}),
    deadline,
    artifactPath: resolved.artifactPath,
    healthDeadlineMs: resolved.healthDeadlineMs,
  };
}
