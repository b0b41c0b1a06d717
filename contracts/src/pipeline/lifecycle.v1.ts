import { z } from 'zod';
import { PipelineKindName } from './kinds';
import { StepKind } from '../step/kinds';
import { AppName, Digest, Environment, RunId, StepId, StepOutcome } from '../common';
import { RolloutProgressed } from '../rollout/rollout.v1';

export const PlannedStep = z.object({
  step_id: StepId,
  kind: StepKind,
  environment: Environment.optional(),
  depends_on: z.array(StepId),
  deadline_seconds: z.number().positive(),
});
export type PlannedStep = z.infer<typeof PlannedStep>;

/** The planner accepted a request and derived this DAG of steps. */
export const PipelinePlanned = z.object({
  run_id: RunId,
  /** The pipeline kind; absent from planners before kinds were generic. */
  kind: PipelineKindName.optional(),
  application: AppName,
  idempotency_key: z.string(),
  steps: z.array(PlannedStep).min(1),
});
export type PipelinePlanned = z.infer<typeof PipelinePlanned>;

export const RunOutcome = z.enum(['succeeded', 'failed', 'rejected']);
export type RunOutcome = z.infer<typeof RunOutcome>;

/**
 * A run ended. `rejected`: policy refused it before anything ran, or an approver said no;
 * `failed`: a step failed, rolled back or missed its deadline (`reason` says which and why).
 */
export const PipelineFinished = z.object({
  run_id: RunId,
  /** The pipeline kind; absent from planners before kinds were generic. */
  kind: PipelineKindName.optional(),
  application: AppName,
  outcome: RunOutcome,
  reason: z.string().optional(),
  duration_ms: z.number().int().min(0),
  /** Environments this run deployed to and the stable URL of each. */
  urls: z.record(z.string(), z.string()),
  /** Environments whose failure pages on-call (the request's `notifications.pagerduty_environments`); absent: production. */
  pagerduty_environments: z.array(Environment).optional(),
  /** The run's main artifact: a deployment's built digest, the digest a rollback serves again. */
  digest: Digest.optional(),
  /** Who asked for the run (a rollback: the operator who signed it). */
  requested_by: z.string().optional(),
  /** Set when an operator cancelled the run (it then ends `rejected`). */
  cancelled_by: z.string().optional(),
  steps: z.array(
    z.object({
      step_id: StepId,
      kind: StepKind,
      environment: Environment.optional(),
      outcome: StepOutcome.optional(),
      duration_ms: z.number().int().min(0).optional(),
      /** The worker's words for an outcome that is not a plain success (which criterion failed, what serves now). */
      reason: z.string().max(4000).optional(),
      /** A rollout's last progress: weight, stage, phase, the deployer's words and the last analysis (measurements against thresholds). */
      rollout: RolloutProgressed.pick({ strategy: true, phase: true, weight: true, stage: true, message: true, analysis: true }).optional(),
      /** An operator aborted this rollout (`jetway abort`, or a cancel): the rollback was asked for, not automatic. */
      aborted_by: z.string().optional(),
      /** What this step left serving: a deploy's new release, or the release a rollback serves again (and the one it replaced). */
      release: z.object({ digest: Digest, url: z.string().optional(), replaced_digest: Digest.optional() }).optional(),
    }),
  ),
});
export type PipelineFinished = z.infer<typeof PipelineFinished>;

/**
 * The planner's own alarm clock: it publishes one when it triggers a step and handles it when
 * due (it naks it with a delay until then). A step still unfinished by then fails the run.
 */
export const StepDeadline = z.object({
  run_id: RunId,
  step_id: StepId,
  attempt: z.number().int().min(1),
  due_at: z.iso.datetime(),
});
export type StepDeadline = z.infer<typeof StepDeadline>;
