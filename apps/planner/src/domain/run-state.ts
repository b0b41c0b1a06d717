import { z } from 'zod';
import { Environment, OperatorCommand, PipelineRequest, RolloutProgressed, RunId, StepId, StepKind, StepOutcome, StepStatus } from '@jetway/contracts';

export const StepState = z.object({
  step_id: StepId,
  kind: StepKind,
  environment: Environment.optional(),
  depends_on: z.array(StepId),
  deadline_seconds: z.number().positive(),
  status: StepStatus,
  attempt: z.number().int().min(1),
  outcome: StepOutcome.optional(),
  reason: z.string().optional(),
  triggered_at: z.string().optional(),
  started_at: z.string().optional(),
  finished_at: z.string().optional(),
  worker: z.string().optional(),
  /** What the step's worker reported (its kind's outputs), kept whatever the outcome: evidence for status. */
  outputs: z.record(z.string(), z.unknown()).optional(),
  /**
   * The step's log when its worker sent it inline (at most INLINE_LOG_BYTES: the `finished`
   * contract bounds it, so a run record grows by at most that per step), for `jetway logs`.
   */
  log: z.string().optional(),
  /** Object Store name of the step's log when it was larger and stored instead, for `jetway logs`. */
  log_object: z.string().optional(),
  /** The latest rollout progress of this attempt (highest `sequence`): weight, stage, phase, last analysis. */
  progress: RolloutProgressed.optional(),
  /** Operators' promote/abort commands passed on to the deployer for this attempt, in order. */
  commands: z.array(OperatorCommand).optional(),
});
export type StepState = z.infer<typeof StepState>;

/**
 * A run as the planner keeps it in KV (`jetway-runs`, key = run id). Only the planner writes
 * it, compare-and-set on the revision, so any number of planner replicas can share it. Generic:
 * what a kind's steps produced lives in each step's `outputs`; only the kind's definition
 * (pipelines/<kind>/) reads them.
 */
export const RunStateV2 = z.object({
  run_id: RunId,
  application: z.string(),
  idempotency_key: z.string(),
  request: PipelineRequest,
  status: z.enum(['running', 'succeeded', 'failed', 'rejected']),
  reason: z.string().optional(),
  created_at: z.string(),
  finished_at: z.string().optional(),
  traceparent: z.string().optional(),
  steps: z.array(StepState),
  /** Ids of events already applied (bounded), so a redelivery changes nothing. */
  applied: z.array(z.string()),
  notes: z.array(z.string()),
  /** An operator cancelled the run: no step is set off any more; it ends `rejected` once nothing runs. */
  cancelled: z.object({ by: z.string(), comment: z.string().optional(), at: z.string() }).optional(),
});

type Json = Record<string, unknown>;

/**
 * Upcasts a run written by a planner from before step outputs were generic: it kept the build's
 * `digest` and each environment's `releases` at the top. They move into the outputs of the steps
 * that produced them, so a run in flight across the upgrade carries on.
 */
export function upcastRun(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const { digest, releases, ...run } = value as Json & { digest?: unknown; releases?: Record<string, unknown>; steps?: Json[] };
  if (digest === undefined && releases === undefined) return value;
  const steps = (run.steps ?? []).map((step) => {
    if (step['outputs']) return step;
    if (step['kind'] === 'build' && typeof digest === 'string') return { ...step, outputs: { digest } };
    const release = step['kind'] === 'deploy' && typeof step['environment'] === 'string' ? releases?.[step['environment']] : undefined;
    return release ? { ...step, outputs: { release } } : step;
  });
  return { ...run, steps };
}

export const RunState = z.preprocess(upcastRun, RunStateV2);
export type RunState = z.infer<typeof RunStateV2>;

export const APPLIED_KEEP = 200;

export function findStep(run: RunState, stepId: string): StepState | undefined {
  return run.steps.find((step) => step.step_id === stepId);
}

/** A step set off and not finished (an approval waiting for people counts): it has a deadline running. */
export function isLive(step: StepState): boolean {
  return step.status === 'triggered' || step.status === 'running' || step.status === 'waiting_approval';
}

export function isTerminal(run: RunState): boolean {
  return run.status !== 'running';
}
