import { z } from 'zod';
import { AppName, Digest, Environment, RunId } from '../common';
import { PipelineKindName } from '../pipeline/kinds';

export const RunStatusName = z.enum(['running', 'succeeded', 'failed', 'rejected']);
export type RunStatusName = z.infer<typeof RunStatusName>;

/**
 * `jetway.query.run-list.v1` (core NATS request/reply, answered by the planner from KV
 * jetway-runs): the newest runs first (run ids are ULIDs, so newest = greatest id), filtered.
 */
export const RunListQuery = z.object({
  kind: PipelineKindName.optional(),
  application: AppName.optional(),
  status: RunStatusName.optional(),
  /** How many runs to answer with, newest first. */
  limit: z.number().int().min(1).max(500).default(20),
});
export type RunListQuery = z.infer<typeof RunListQuery>;

/** One run, in a line: what `jetway runs` prints. */
export const RunSummary = z.object({
  run_id: RunId,
  kind: PipelineKindName,
  application: AppName,
  status: RunStatusName,
  reason: z.string().optional(),
  created_at: z.string(),
  finished_at: z.string().optional(),
  /** The environments the plan touches, in plan order. */
  environments: z.array(Environment),
  /** The run's main artifact (deployment: the built digest; rollback: the digest that serves again). */
  digest: Digest.optional(),
  requested_by: z.string().optional(),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const RunListReply = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    runs: z.array(RunSummary),
    /** True when more runs matched than `limit`. */
    more: z.boolean(),
  }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type RunListReply = z.infer<typeof RunListReply>;
