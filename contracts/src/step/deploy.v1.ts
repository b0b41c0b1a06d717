import { z } from 'zod';
import { AppName, DeploymentStrategy, Digest, Environment } from '../common';
import { PlatformConfig } from '../pipeline/inputs';
import { RolloutSpec } from '../pipeline/rollout';
import { ROLLOUT_LAST_PHASES, RolloutProgressed } from '../rollout/rollout.v1';
import { StepRef, stepFinished } from './lifecycle';

/** Roll the artifact out to one environment; the deployer re-checks the scan attestation. */
export const DeployTriggered = StepRef.extend({
  application: AppName,
  environment: Environment,
  digest: Digest,
  strategy: DeploymentStrategy,
  platform_config: PlatformConfig,
  /** How the strategy rolls out (absent from planners before it existed: the defaults apply). */
  rollout: RolloutSpec.optional(),
  /**
   * Seconds from this trigger to the step's deadline (the planner's `deadline_seconds`): a
   * rollout paused for a person waits within it and aborts before it. Absent: the deployer
   * assumes the deploy kind's default deadline.
   */
  deadline_seconds: z.number().positive().optional(),
});
export type DeployTriggered = z.infer<typeof DeployTriggered>;

export const ReleaseInfo = z.object({
  digest: Digest,
  /** The stable URL of (application, environment), served by the deployer's router. */
  url: z.string().url(),
  /** host:port of each running instance (Prometheus targets). */
  targets: z.array(z.string()),
  previous_digest: Digest.optional(),
});
export type ReleaseInfo = z.infer<typeof ReleaseInfo>;

export const DeployFinished = stepFinished(z.object({ release: ReleaseInfo })).extend({
  /**
   * The rollout's last move (`completed`, `rolled_back`: a `jetway.rollout.progressed.v1` body),
   * carried here instead of published on its own: nothing can act on an ended rollout, and this
   * event follows it at once. Absent for a deploy that started no rollout (nothing to do, refused).
   */
  last_move: RolloutProgressed.refine((move) => ROLLOUT_LAST_PHASES.has(move.phase), { message: 'a last move is completed or rolled_back; publish other moves as jetway.rollout.progressed.v1', path: ['phase'] }).optional(),
});
export type DeployFinished = z.infer<typeof DeployFinished>;

/** Switch (application, environment) back to an earlier release: the previous one, or `to_digest`. */
export const RollbackTriggered = StepRef.extend({
  application: AppName,
  environment: Environment,
  to_digest: Digest.optional(),
  reason: z.string().max(2000).optional(),
});
export type RollbackTriggered = z.infer<typeof RollbackTriggered>;

export const RollbackFinished = stepFinished(
  z.object({
    release: ReleaseInfo,
    /** The digest that served before the rollback. */
    from_digest: Digest,
    /** True when the old set was still warm (a blue-green scale-down window) and the switch was instant. */
    instant: z.boolean(),
    /** The health check path of the release serving now (what its verification probes). */
    health_path: z.string().regex(/^\//, 'must start with /').optional(),
  }),
);
export type RollbackFinished = z.infer<typeof RollbackFinished>;
