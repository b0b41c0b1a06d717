import { SpanKind, context, trace } from '@opentelemetry/api';
import {
  BUCKETS,
  ChangelogReply,
  decisionEventId,
  DriftCheckReply,
  OBJECT_STORES,
  queries,
  ReleaseHistoryReply,
  requestDigest,
  requestEventId,
  RolloutProgressed,
  RunListReply,
  RunLookupReply,
  RunStatusReply,
  type ApprovalDecided,
  type DriftCheckQuery,
  type EnvironmentType,
  type OperatorDecided,
  type PipelineRequest,
  type ReleaseHistoryEntry,
  type ReleaseHistoryQuery,
  type RunListQuery,
  type RunStatusView,
  type RunSummary,
} from '@jetway/contracts';
import { connect, type NatsConnection } from 'nats';
import { ApproverRegistry, EventPublisher, PermanentError, publicKeyOfSeed, readObject, requestReply, signDecision } from '@jetway/messaging';
import { contextFromTraceparent, startTelemetry, tracerFor } from '@jetway/telemetry';
import { DeadLetterStore } from './dead-letter-store';
import { CliError } from './errors';

export { CliError };

/** The `jetway` command's side of the mesh: publish requests and decisions, query runs. */
export class JetwayClient {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly publisher: EventPublisher,
    private readonly telemetry: { shutdown(): Promise<void> },
  ) {}

  /**
   * A plain client connection: the CLI publishes and asks, it never provisions streams. `auth`
   * is the NATS user (JETWAY_NATS_USER/JETWAY_NATS_PASSWORD), e.g. `cli`, or `ops` to replay.
   */
  static async connect(url: string, auth: { user?: string; pass?: string } = {}): Promise<JetwayClient> {
    // Real span ids (exported when OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set): a run's trace starts at the user's command.
    const telemetry = startTelemetry({ serviceName: 'jetway-cli', otlpEndpoint: process.env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] });
    try {
      const nc = await connect({ servers: url.split(',').map((s) => s.trim()), name: 'jetway-cli', timeout: 5_000, ...auth });
      return new JetwayClient(nc, new EventPublisher(nc.jetstream(), 'cli'), telemetry);
    } catch (error) {
      await telemetry.shutdown();
      throw new CliError(`cannot reach NATS at ${url} (${(error as Error).message}): start the mesh (npm start) or pass --nats <url>`);
    }
  }

  /**
   * Publishes the request (its idempotency key makes its event id) inside a `jetway publish` span,
   * and returns the run id. A key that already started a run with a different request is refused
   * (exit 2) instead of silently answering with the old run.
   */
  async publishRequest(request: PipelineRequest, timeoutMs = 30_000): Promise<string> {
    const id = requestEventId(request.idempotency_key);
    const span = tracerFor('cli').startSpan('jetway publish', { kind: SpanKind.CLIENT, attributes: { 'jetway.idempotency_key': request.idempotency_key } });
    try {
      const parent = trace.setSpan(context.active(), span);
      await this.published(() => this.publisher.publish('jetway.pipeline.requested.v1', request, { runId: id, id, subject: id }, parent));
      const run = await this.lookup(request.idempotency_key, timeoutMs);
      if (run.request_digest && run.request_digest !== requestDigest(request)) {
        throw new CliError(
          `idempotency key ${request.idempotency_key} already started run ${run.run_id} with a different request; ` +
            `publish this one with a new key (--idempotency-key), or follow that run: jetway status ${run.run_id}`,
          2,
        );
      }
      return run.run_id;
    } finally {
      span.end();
    }
  }

  private async lookup(idempotencyKey: string, timeoutMs: number): Promise<{ run_id: string; request_digest?: string }> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const reply = await requestReply(this.nc, queries.runLookup, { idempotency_key: idempotencyKey }, RunLookupReply).catch(() => undefined);
      if (reply?.run_id) return { run_id: reply.run_id, ...(reply.request_digest && { request_digest: reply.request_digest }) };
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new CliError(`no planner took the request within ${timeoutMs / 1000}s: is the planner running?`);
  }

  async status(runId: string): Promise<RunStatusView> {
    const reply = await requestReply(this.nc, queries.runStatus, { run_id: runId }, RunStatusReply).catch((error: Error) => {
      throw new CliError(`${error.message}: is the planner running?`);
    });
    if (!reply.found) throw new CliError(reply.error);
    return reply.run;
  }

  /**
   * Approves or rejects the run's waiting approval, signed with the approver's seed (`seedOf`, read
   * once the approver is known to be allowed), after checking that seed is the one enrolled for
   * them (the planner checks again). `planHash` is the infrastructure plan the approver reviewed:
   * signed with the decision, and checked against the plan the step waits on before anything is sent.
   */
  async decide(runId: string, decision: ApprovalDecided['decision'], approver: string, seedOf: () => string, comment?: string, planHash?: string): Promise<string> {
    const run = await this.status(runId);
    const waiting = run.steps.find((step) => step.kind === 'approval' && step.status === 'waiting_approval');
    if (!waiting) throw new CliError(`run ${runId} is not waiting for an approval (status: ${run.status})`);
    if (!run.approvers.includes(approver)) {
      throw new CliError(`${approver} may not decide ${waiting.step_id} of run ${runId}; allowed: ${run.approvers.join(', ') || 'nobody'}`, 2);
    }
    checkPlanHash(runId, waiting, planHash);
    const seed = seedOf();
    await this.assertEnrolled(approver, seed);
    const unsigned = { run_id: runId, step_id: waiting.step_id, decision, approver, ...(comment ? { comment } : {}), ...(planHash ? { plan_hash: planHash } : {}) };
    const event = { ...unsigned, signature: signDecision(seed, unsigned) };
    // A decision on a plan is one per plan: after a new plan, the same approver's decision is a new event.
    const id = `${decisionEventId(runId, waiting.step_id, approver)}${planHash ? `.plan-${planHash.slice(0, 16)}` : ''}`;
    const ids = { runId, stepId: waiting.step_id, id };
    await this.published(() => this.publisher.publish('jetway.approval.decided.v1', event, ids, contextFromTraceparent(run.traceparent)));
    return waiting.step_id;
  }

  /** `jetway drift`: the deployer checks the stack now and answers per environment (a plan can take a while). */
  async drift(query: DriftCheckQuery, timeoutMs = 120_000): Promise<DriftCheckReply> {
    return requestReply(this.nc, queries.infraDrift, query, DriftCheckReply, timeoutMs).catch((error: Error) => {
      throw new CliError(`${error.message}: is the deployer running?`);
    });
  }

  /** `jetway changelog` and `jetway rollback --infra`: the stack's changelog entries, newest first (the deployer answers from KV jetway-infra). */
  async changelog(query: { stack: string; environment?: EnvironmentType; limit?: number }, timeoutMs = 15_000): Promise<ChangelogReply> {
    return requestReply(this.nc, queries.infraChangelog, query, ChangelogReply, timeoutMs).catch((error: Error) => {
      throw new CliError(`${error.message}: is the deployer running?`);
    });
  }

  /** Refuses (exit 2) a seed that is not the key enrolled for `approver`: the planner would refuse what it signs. */
  async assertEnrolled(approver: string, seed: string): Promise<void> {
    const enrolled = await (await this.approvers()).get(approver);
    if (!enrolled) throw new CliError(`${approver} is not enrolled as an approver: an operator enrols approvers with jetway approvers enrol ${approver}`, 2);
    if (enrolled.public_key !== publicKeyOfSeed(seed)) {
      throw new CliError(`this seed is not the key enrolled for ${approver} (${enrolled.public_key.slice(0, 8)}…): the planner would refuse the decision`, 2);
    }
  }

  /** Publishes a signed promote, abort or cancel (`id` makes a repeat a duplicate) in the run's trace. */
  async publishOperatorDecision(event: OperatorDecided, id: string, traceparent: string | undefined): Promise<void> {
    const ids = { runId: event.run_id, id };
    await this.published(() => this.publisher.publish('jetway.operator.decided.v1', event, ids, contextFromTraceparent(traceparent)));
  }

  /** Runs, newest first (the planner answers from its run store). */
  async runs(query: Partial<RunListQuery>): Promise<{ runs: RunSummary[]; more: boolean }> {
    const reply = await requestReply(this.nc, queries.runList, query, RunListReply, 15_000).catch((error: Error) => {
      throw new CliError(`${error.message}: is the planner running?`);
    });
    if (!reply.ok) throw new CliError(reply.error, 2);
    return reply;
  }

  /** What served an application, newest first (the planner answers from the releases bucket's history). */
  async history(query: Partial<ReleaseHistoryQuery> & Pick<ReleaseHistoryQuery, 'application'>): Promise<ReleaseHistoryEntry[]> {
    const reply = await requestReply(this.nc, queries.releaseHistory, query, ReleaseHistoryReply, 15_000).catch((error: Error) => {
      throw new CliError(`${error.message}: is the planner running?`);
    });
    if (!reply.ok) throw new CliError(reply.error, 2);
    return reply.releases;
  }

  /**
   * Every rollout progress of the run as the deployer publishes it (a plain core NATS
   * subscription: nothing stored, nothing to acknowledge). Returns the unsubscribe. Without the
   * permission to subscribe, nothing arrives and the caller falls back on the status it polls.
   */
  followProgress(runId: string, onProgress: (progress: RolloutProgressed) => void): () => void {
    const sub = this.nc.subscribe('jetway.rollout.progressed.v1', {
      callback: (error, msg) => {
        if (error) return;
        const parsed = RolloutProgressed.safeParse(jsonOf(msg.data));
        if (parsed.success && parsed.data.run_id === runId) onProgress(parsed.data);
      },
    });
    return () => sub.unsubscribe();
  }

  /** Calls `onChange` whenever the run's status changes, until it ends; returns the final view. */
  async watch(runId: string, onChange: (run: RunStatusView) => void, intervalMs = 250): Promise<RunStatusView> {
    let last = '';
    for (;;) {
      const run = await this.status(runId);
      const fingerprint = JSON.stringify(run.steps.map((s) => [s.status, s.outcome, s.progress?.['sequence'], s.commands?.length])) + run.status + (run.notes?.length ?? 0);
      if (fingerprint !== last) onChange(run);
      last = fingerprint;
      if (run.status !== 'running') return run;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  /** The enrolled approvers (KV jetway-approvers), read with plain gets; writing needs the ops user. */
  async approvers(): Promise<ApproverRegistry> {
    return new ApproverRegistry(await this.nc.jetstream({ checkAPI: false }).views.kv(BUCKETS.approvers.name, { bindOnly: true }));
  }

  /** A step's log or report from the artifacts object store; undefined when it is not there. */
  async stepObject(name: string): Promise<Buffer | undefined> {
    const jsm = await this.nc.jetstreamManager({ checkAPI: false });
    return readObject(jsm, OBJECT_STORES.artifacts.name, name);
  }

  /** JetStream must store what the CLI publishes; without the mesh's streams it cannot. */
  private async published(publish: () => Promise<unknown>): Promise<void> {
    try {
      await publish();
    } catch (error) {
      if (error instanceof PermanentError) throw new CliError(error.message, 2);
      throw new CliError(`JetStream did not store the event (${(error as Error).message}): is the mesh running?`);
    }
  }

  /** JETWAY_DLQ: list, read and replay dead letters. */
  deadLetters(): DeadLetterStore {
    return new DeadLetterStore(this.nc);
  }

  async close(): Promise<void> {
    await this.nc.drain();
    await this.telemetry.shutdown();
  }
}

/** A message body as JSON, or undefined when it is not JSON (then it fits no contract). */
function jsonOf(data: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(data));
  } catch {
    return undefined;
  }
}

/**
 * Refuses (exit 2) a decision the planner would refuse for its plan: none named for a step that
 * reviews a plan, another plan than the one under review, or a plan named for a step that reviews none.
 */
function checkPlanHash(runId: string, step: RunStatusView['steps'][number], planHash: string | undefined): void {
  const reviewed = step.outputs?.['plan_hash'];
  if (typeof reviewed !== 'string') {
    if (planHash) throw new CliError(`${step.step_id} of run ${runId} reviews no infrastructure plan: drop --plan`, 2);
    return;
  }
  if (!planHash) throw new CliError(`${step.step_id} of run ${runId} reviews plan ${reviewed}: review it (jetway status ${runId}) and decide with --plan ${reviewed}`, 2);
  if (planHash !== reviewed) {
    throw new CliError(`${step.step_id} of run ${runId} reviews plan ${reviewed.slice(0, 12)}…, not ${planHash.slice(0, 12)}…: a new plan needs a new review (jetway status ${runId}), then --plan ${reviewed}`, 2);
  }
}
