import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  parseWith,
  queries,
  ReleaseHistoryQuery,
  requestDigest,
  RunListQuery,
  RunLookupQuery,
  RunStatusQuery,
  type ReleaseHistoryReply,
  type RunListReply,
  type RunStatusReply,
} from '@jetway/contracts';
import { toStatusView } from '../domain/status-view';
import { KvReleaseHistory } from '../drivers/nats/kv-release-history.driver';
import { KvRequestIndex, KvRunRepository } from '../drivers/nats/nats-ports.driver';
import { listRuns, releaseHistory } from '../use-cases/run-queries.use-case';

/** Core NATS request/reply for the CLI: a run's status, the run an idempotency key started, run listings, release history. */
@Controller()
export class RunQueriesHandler {
  constructor(
    @Inject(KvRunRepository) private readonly runs: KvRunRepository,
    @Inject(KvRequestIndex) private readonly requests: KvRequestIndex,
    @Inject(KvReleaseHistory) private readonly releases: KvReleaseHistory,
  ) {}

  @MessagePattern(queries.runStatus)
  async status(@Payload() body: unknown): Promise<RunStatusReply> {
    const query = parseWith(RunStatusQuery, body);
    if (!query.ok) return { found: false, error: query.error };
    const stored = await this.runs.get(query.data.run_id);
    return stored ? { found: true, run: toStatusView(stored.run) } : { found: false, error: `no run ${query.data.run_id}` };
  }

  @MessagePattern(queries.runLookup)
  async lookup(@Payload() body: unknown): Promise<{ run_id?: string; request_digest?: string; error?: string }> {
    const query = parseWith(RunLookupQuery, body);
    if (!query.ok) return { error: query.error };
    const runId = await this.requests.lookup(query.data.idempotency_key);
    // The key is claimed before the run is stored: answer only once a status query can find it,
    // so `jetway publish` followed at once by `jetway status` never sees "no run".
    const stored = runId ? await this.runs.get(runId) : undefined;
    return stored ? { run_id: stored.run.run_id, request_digest: requestDigest(stored.run.request) } : {};
  }

  @MessagePattern(queries.runList)
  async list(@Payload() body: unknown): Promise<RunListReply> {
    const query = parseWith(RunListQuery, body);
    return query.ok ? listRuns(query.data, this.runs, this.runs) : { ok: false, error: query.error };
  }

  @MessagePattern(queries.releaseHistory)
  async history(@Payload() body: unknown): Promise<ReleaseHistoryReply> {
    const query = parseWith(ReleaseHistoryQuery, body);
    return query.ok ? releaseHistory(query.data, this.releases, this.runs) : { ok: false, error: query.error };
  }
}
