import { z } from 'zod';
import { StepKind } from '../step/kinds';
import { AppName, Environment, RunId, StepId, StepOutcome } from '../common';

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
  kind: z.enum(['deployment', 'ci_cd_setup']).optional(),
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
  kind: z.enum(['deployment', 'ci_cd_setup']).optional(),
  application: AppName,
  outcome: RunOutcome,
  reason: z.string().optional(),
  duration_ms: z.number().int().min(0),
  /** Environments this run deployed to and the stable URL of each. */
  urls: z.record(z.string(), z.string()),
  /** Environments whose failure pages on-call (the request's `notifications.pagerduty_environments`); absent: production. */
  pagerduty_environments: z.array(Environment).optional(),
  steps: z.array(
    z.object({
      step_id: StepId,
      kind: StepKind,
      environment: Environment.optional(),
      outcome: StepOutcome.optional(),
      duration_ms: z.number().int().min(0).optional(),
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
