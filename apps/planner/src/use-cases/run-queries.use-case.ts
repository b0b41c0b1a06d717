import {
  RunId,
  type ReleaseHistoryEntry,
  type ReleaseHistoryQuery,
  type ReleaseHistoryReply,
  type RunListQuery,
  type RunListReply,
  type RunSummary,
} from '@jetway/contracts';
import type { RunState } from '../domain/run-state';
import { definitionOf } from '../pipelines';
import type { ReleaseHistory, ReleaseRevision, RunIndex, RunRepository } from './ports';

type RunReader = Pick<RunRepository, 'get'>;

/** Runs read at once while scanning the store (each is a KV get). */
const BATCH = 64;

/** A run in a line: kind, application, status, the environments its plan touches, its main artifact. */
export function summaryOf(run: RunState): RunSummary {
  const { digest } = definitionOf(run.request).summary(run as never);
  const environments = [...new Set(run.steps.flatMap((s) => (s.environment ? [s.environment] : [])))];
  return {
    run_id: run.run_id,
    kind: run.request.kind,
    application: run.application,
    status: run.status,
    ...(run.reason !== undefined && { reason: run.reason }),
    created_at: run.created_at,
    ...(run.finished_at !== undefined && { finished_at: run.finished_at }),
    environments,
    ...(digest && { digest }),
    requested_by: run.request.requested_by,
  };
}

function matches(run: RunState, query: RunListQuery): boolean {
  return (!query.kind || run.request.kind === query.kind) && (!query.application || run.application === query.application) && (!query.status || run.status === query.status);
}

/**
 * The newest runs matching the query (run ids are ULIDs: newest = greatest), read from the run
 * store in batches, newest first, until `limit` matched and one more tells whether there are more.
 */
export async function listRuns(query: RunListQuery, index: RunIndex, runs: RunReader): Promise<RunListReply> {
  const ids = (await index.ids()).filter((id) => RunId.safeParse(id).success).sort().reverse();
  const found: RunSummary[] = [];
  for (let start = 0; start < ids.length; start += BATCH) {
    const batch = await Promise.all(ids.slice(start, start + BATCH).map((id) => runs.get(id)));
    for (const stored of batch) {
      if (!stored || !matches(stored.run, query)) continue;
      if (found.length === query.limit) return { ok: true, runs: found, more: true };
      found.push(summaryOf(stored.run));
    }
  }
  return { ok: true, runs: found, more: false };
}

/**
 * One entry per release: the deployer writes a release again when it re-records it (a redelivered
 * deploy, routes restored after a restart) — same run, same digest — and the newest copy stands.
 */
function distinct(newestFirst: ReleaseRevision[]): ReleaseRevision[] {
  const seen = new Set<string>();
  return newestFirst.filter(({ release }) => {
    const key = `${release.environment}/${release.run_id}/${release.digest}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/**
 * What served an application (per environment when asked), newest first, from the releases
 * bucket's history; each entry with the run that put it there and how that run ended.
 */
export async function releaseHistory(query: ReleaseHistoryQuery, releases: ReleaseHistory, runs: RunReader): Promise<ReleaseHistoryReply> {
  const revisions = distinct((await releases.history(query.application, query.environment)).sort((a, b) => b.revision - a.revision));
  const current = new Map<string, number>();
  for (const { release, revision } of revisions) if (!current.has(release.environment)) current.set(release.environment, revision);
  const shown = revisions.slice(0, query.limit);
  const runIds = [...new Set(shown.map((r) => r.release.run_id))];
  const byId = new Map((await Promise.all(runIds.map(async (id) => [id, (await runs.get(id))?.run] as const))).flatMap(([id, run]) => (run ? [[id, run] as const] : [])));
  const entries = shown.map(({ release, revision }): ReleaseHistoryEntry => {
    const run = byId.get(release.run_id);
    return {
      environment: release.environment,
      digest: release.digest,
      strategy: release.strategy,
      deployed_at: release.deployed_at,
      run_id: release.run_id,
      ...(run && { run_kind: run.request.kind, run_status: run.status, requested_by: run.request.requested_by }),
      ...(run?.reason !== undefined && { run_reason: run.reason }),
      ...(release.previous && { previous_digest: release.previous.digest }),
      current: current.get(release.environment) === revision,
    };
  });
  return { ok: true, application: query.application, releases: entries };
}
