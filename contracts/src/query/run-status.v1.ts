import { z } from 'zod';
import { PipelineKindName } from '../pipeline/kinds';
import { StepKind } from '../step/kinds';
import { AppName, Environment, RunId, StepId, StepOutcome, Digest } from '../common';

/** Request/reply over core NATS (not persisted): the planner answers from its run store. */
export const RunStatusQuery = z.object({ run_id: RunId });

/** A command an operator gave a rollout (`jetway promote` / `jetway abort`), as the planner passed it on. */
export const OperatorCommand = z.object({
  command: z.enum(['promote', 'abort']),
  by: z.string(),
  comment: z.string().optional(),
  at: z.string(),
  /** The rollout progress (`sequence`) it was given at: one promote per pause. */
  at_sequence: z.number().int().min(0).optional(),
});
export type OperatorCommand = z.infer<typeof OperatorCommand>;

export const StepStatus = z.enum(['pending', 'triggered', 'running', 'waiting_approval', 'finished']);

export const RunStatusView = z.object({
  run_id: RunId,
  /** The pipeline kind (`deployment`, `ci_cd_setup`); absent from planners before kinds were generic. */
  kind: PipelineKindName.optional(),
  application: AppName,
  status: z.enum(['running', 'succeeded', 'failed', 'rejected']),
  reason: z.string().optional(),
  created_at: z.string(),
  finished_at: z.string().optional(),
  trace_id: z.string().optional(),
  traceparent: z.string().optional(),
  digest: Digest.optional(),
  urls: z.record(z.string(), z.string()),
  approvers: z.array(z.string()),
  /** Set once an operator cancelled the run: it stops at its next step boundary and ends `rejected`. */
  cancelled: z.object({ by: z.string(), comment: z.string().optional(), at: z.string() }).optional(),
  /** What the planner noted on the way: deciders it ignored, steps finished from a worker's effect record. */
  notes: z.array(z.string()).optional(),
  steps: z.array(
    z.object({
      step_id: StepId,
      kind: StepKind,
      environment: Environment.optional(),
      status: StepStatus,
      outcome: StepOutcome.optional(),
      reason: z.string().optional(),
      started_at: z.string().optional(),
      finished_at: z.string().optional(),
      /** What the step's worker reported (the kind's outputs: a digest, findings, a release …). */
      outputs: z.record(z.string(), z.unknown()).optional(),
      /** The step's log, when it was small enough to travel inline (at most INLINE_LOG_BYTES): `jetway logs <run> --step <id>` prints it. */
      log: z.string().optional(),
      /** Object Store name of the step's log when it was stored instead: `jetway logs <run> --step <id>` prints it. */
      log_object: z.string().optional(),
      /** The latest progress of a rollout in this step (weight, stage, paused, last analysis: a `jetway.rollout.progressed.v1` body). */
      progress: z.record(z.string(), z.unknown()).optional(),
      /** Operators' commands the planner passed on to the deployer for this step attempt (promote, abort), in order. */
      commands: z.array(OperatorCommand).optional(),
    }),
  ),
});
export type RunStatusView = z.infer<typeof RunStatusView>;

export const RunStatusReply = z.discriminatedUnion('found', [
  z.object({ found: z.literal(true), run: RunStatusView }),
  z.object({ found: z.literal(false), error: z.string() }),
]);
export type RunStatusReply = z.infer<typeof RunStatusReply>;

/** Look a run up by the idempotency key it was requested with. */
export const RunLookupQuery = z.object({ idempotency_key: z.string().min(1) });
export const RunLookupReply = z.object({
  run_id: RunId.optional(),
  /** `requestDigest` of the request that started the run: a publisher compares it with its own. */
  request_digest: z.string().optional(),
});
