import { z } from 'zod';
import {
  DeploymentRequest,
  Digest,
  Environment,
  ReleaseInfo,
  RunId,
  StepId,
  StepKind,
  StepOutcome,
  StepStatus,
} from '@jetway/contracts';

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
  /** Object Store name of the step's log, for `jetway logs`. */
  log_object: z.string().optional(),
});
export type StepState = z.infer<typeof StepState>;

/**
 * A run as the planner keeps it in KV (`jetway-runs`, key = run id). Only the planner writes
 * it, compare-and-set on the revision, so any number of planner replicas can share it.
 */
export const RunState = z.object({
  run_id: RunId,
  application: z.string(),
  idempotency_key: z.string(),
  request: DeploymentRequest,
  status: z.enum(['running', 'succeeded', 'failed', 'rejected']),
  reason: z.string().optional(),
  created_at: z.string(),
  finished_at: z.string().optional(),
  traceparent: z.string().optional(),
  digest: Digest.optional(),
  releases: z.record(z.string(), ReleaseInfo),
  steps: z.array(StepState),
  /** Ids of events already applied (bounded), so a redelivery changes nothing. */
  applied: z.array(z.string()),
  notes: z.array(z.string()),
});
export type RunState = z.infer<typeof RunState>;

export const APPLIED_KEEP = 200;

export function findStep(run: RunState, stepId: string): StepState | undefined {
  return run.steps.find((step) => step.step_id === stepId);
}

export function isTerminal(run: RunState): boolean {
  return run.status !== 'running';
}
