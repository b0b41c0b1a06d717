import { z } from 'zod';
import { AppName, Digest, Environment, RunId } from '../common';
import { PipelineKindName } from '../pipeline/kinds';
import { RunStatusName } from './run-list.v1';

/**
 * `jetway.query.release-history.v1` (core NATS request/reply, answered by the planner from the
 * history of KV jetway-releases, `<app>.<env>`): what served an application, newest first.
 */
export const ReleaseHistoryQuery = z.object({
  application: AppName,
  /** Only this environment; absent: every environment. */
  environment: Environment.optional(),
  limit: z.number().int().min(1).max(200).default(20),
});
export type ReleaseHistoryQuery = z.infer<typeof ReleaseHistoryQuery>;

/** One release that served (application, environment): one revision of its releases entry. */
export const ReleaseHistoryEntry = z.object({
  environment: Environment,
  digest: Digest,
  strategy: z.string(),
  deployed_at: z.string(),
  /** The run that put it there (a deployment, or a rollback run). */
  run_id: RunId,
  /** That run's kind and how it ended (`running` while it runs); absent when the run store no longer has it. */
  run_kind: PipelineKindName.optional(),
  run_status: RunStatusName.optional(),
  run_reason: z.string().optional(),
  /** Who asked for that run (a rollback: the operator who signed it). */
  requested_by: z.string().optional(),
  /** The digest that served before it. */
  previous_digest: Digest.optional(),
  /** It serves now. */
  current: z.boolean(),
});
export type ReleaseHistoryEntry = z.infer<typeof ReleaseHistoryEntry>;

export const ReleaseHistoryReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), application: AppName, releases: z.array(ReleaseHistoryEntry) }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type ReleaseHistoryReply = z.infer<typeof ReleaseHistoryReply>;
