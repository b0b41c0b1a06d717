import { z } from 'zod';
import { AppName, DeploymentStrategy, Digest, Environment, RunId } from '../common';
import { StepRef } from '../step/lifecycle';

/** One measurement of one metric against its threshold (what a person reads to trust a decision). */
export const Measurement = z.object({
  metric: z.enum(['error_rate', 'latency_p99_ms']),
  value: z.number(),
  threshold: z.number().optional(),
  /** The stable release's value over the same window, when compared. */
  baseline: z.number().optional(),
  passed: z.boolean(),
});

/** One analysis decision: what was measured, over how many requests, and the verdict. */
export const AnalysisResult = z.object({
  provider: z.enum(['router', 'prometheus']),
  /** `inconclusive`: too few requests (below min_requests) or no data: pauses for a person, never a pass. */
  verdict: z.enum(['pass', 'fail', 'inconclusive', 'error']),
  requests: z.number().int().min(0),
  measurements: z.array(Measurement),
  /** Mann-Whitney U on latency against the baseline, when enabled. */
  baseline_p_value: z.number().min(0).max(1).optional(),
  message: z.string().max(1000),
});
export type AnalysisResult = z.infer<typeof AnalysisResult>;

/**
 * `jetway.rollout.progressed.v1`: the deployer reports a rollout as it moves — a weight set, an
 * analysis decided, a pause for a person, a promotion, an abort. The planner keeps the latest on
 * the deploy step (status shows it); every decision is also in the trace.
 */
export const RolloutProgressed = StepRef.extend({
  application: AppName,
  environment: Environment,
  strategy: DeploymentStrategy,
  /** Monotonic per step attempt: the planner keeps the highest it saw. */
  sequence: z.number().int().min(0),
  phase: z.enum(['started', 'weight', 'analysis', 'paused', 'promoted', 'aborted', 'rolled_back', 'completed']),
  /** Percent of traffic on the new release after this event. */
  weight: z.number().int().min(0).max(100).optional(),
  /** Index of the canary step (0-based) or rolling batch. */
  stage: z.number().int().min(0).optional(),
  analysis: AnalysisResult.optional(),
  /** What happened, in words: which criterion failed with its value against its threshold, what serves now. */
  message: z.string().max(2000),
  /** The preview URL of a blue-green release before promotion. */
  preview_url: z.string().url().optional(),
});
export type RolloutProgressed = z.infer<typeof RolloutProgressed>;

/** The moves that end a rollout (nothing follows them but the deploy step's finished). */
export const ROLLOUT_LAST_PHASES: ReadonlySet<RolloutProgressed['phase']> = new Set(['completed', 'rolled_back']);

/**
 * `jetway.operator.decided.v1`: a person's command on a run — `promote` or `abort` a paused or
 * running rollout, `cancel` a run. Signed like an approval (the planner verifies the signature
 * against the approver's enrolled key and the approver against the run's policy) and turned into
 * a `jetway.rollout.commanded.v1` for the deployer.
 */
export const OperatorDecided = z.object({
  run_id: RunId,
  action: z.enum(['promote', 'abort', 'cancel']),
  approver: z.string().min(1, 'say who decides (--as <name>)'),
  comment: z.string().max(2000).optional(),
  signature: z.string().min(1).optional(),
});
export type OperatorDecided = z.infer<typeof OperatorDecided>;

/** The exact bytes an operator signs (see `decisionSigningText` for approvals). */
export function operatorSigningText(decision: Omit<OperatorDecided, 'signature'>): string {
  return ['jetway.operator.decided.v1', decision.run_id, decision.action, decision.approver, decision.comment ?? ''].join('\n');
}

/** `jetway.rollout.commanded.v1`: the planner tells the deployer to promote or abort the rollout of a deploy step attempt. */
export const RolloutCommanded = StepRef.extend({
  command: z.enum(['promote', 'abort']),
  by: z.string().min(1),
  comment: z.string().max(2000).optional(),
});
export type RolloutCommanded = z.infer<typeof RolloutCommanded>;

/** Where a rollback goes: the release before the current one, or a named earlier digest. */
export const RollbackTarget = z.object({ application: AppName, environment: Environment, to_digest: Digest.optional() });
