import { z } from 'zod';
import { AppName, RunId, Timestamp } from '../common';
import { EnvironmentType, InfrastructureSpec } from '../pipeline/infrastructure-request.v1';
import { PlannedChange, PlanHash } from '../step/infrastructure.v1';

/**
 * A stack's drift: what a plan of its last applied configuration would change now. The deployer
 * publishes `jetway.infra.drift.detected.v1` once per episode (the first check that finds a
 * change after the stack was in sync) and `jetway.infra.drift.resolved.v1` when it is back in
 * sync; the event id carries the episode, so a repeat of either acts once.
 */
export const DriftEvent = z.object({
  stack: AppName,
  environment: EnvironmentType,
  /** Counts up per stack and environment: one drift incident per episode. */
  episode: z.number().int().min(1),
  /** What a plan would change to bring the stack back to its reviewed configuration. */
  changes: z.array(PlannedChange).max(200),
  /** The run that applied the configuration the stack drifted from. */
  applied_by_run: RunId,
  checked_at: Timestamp,
});
export type DriftEvent = z.infer<typeof DriftEvent>;

/** `jetway drift <stack> [--env]`: check now (core request/reply). */
export const DriftCheckQuery = z.object({ stack: AppName, environment: EnvironmentType.optional() });
export type DriftCheckQuery = z.infer<typeof DriftCheckQuery>;

export const DriftCheckResult = z.object({
  environment: EnvironmentType,
  status: z.enum(['in_sync', 'drifted', 'unknown']),
  changes: z.array(PlannedChange).max(200),
  /** Why the check could not run (status unknown), or what it compared. */
  detail: z.string().max(2000).optional(),
  episode: z.number().int().min(0).optional(),
  checked_at: Timestamp,
});
export const DriftCheckReply = z.union([
  z.object({ ok: z.literal(true), stack: AppName, results: z.array(DriftCheckResult) }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type DriftCheckReply = z.infer<typeof DriftCheckReply>;

/** One entry of a stack's changelog (`<stack>.<env>` history in the infrastructure bucket). */
export const ChangelogEntry = z.object({
  sequence: z.number().int().min(1),
  stack: AppName,
  environment: EnvironmentType,
  run_id: RunId,
  /** The generated files applied (the configuration a rollback re-applies). */
  digest: z.string().min(1),
  plan_hash: PlanHash,
  summary: z.string().min(1),
  approved_by: z.array(z.string()).default([]),
  applied_at: Timestamp,
  /**
   * The spec the files were generated from: what `jetway rollback <stack> --infra` publishes again
   * (its `restores` names the entry a rollback run re-applied). Absent on entries written before
   * it was recorded: those cannot be rolled back to.
   */
  spec: InfrastructureSpec.optional(),
});
export type ChangelogEntry = z.infer<typeof ChangelogEntry>;

/** `jetway changelog <stack> [--env] [--limit]` (core request/reply, the deployer answers from the stack store). */
export const ChangelogQuery = z.object({
  stack: AppName,
  /** Only this environment's entries; every environment's when absent. */
  environment: EnvironmentType.optional(),
  /** At most this many entries, the newest (default 50). */
  limit: z.number().int().min(1).max(1000).default(50),
});
export type ChangelogQuery = z.infer<typeof ChangelogQuery>;

/** The entries newest first (by applied_at, then sequence); an empty list when the stack has none. */
export const ChangelogReply = z.union([
  z.object({ ok: z.literal(true), stack: AppName, entries: z.array(ChangelogEntry) }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type ChangelogReply = z.infer<typeof ChangelogReply>;
