import {
  queries,
  requestEventId,
  RunLookupReply,
  RunStatusReply,
  type ApprovalDecided,
  type DeploymentRequest,
  type RunStatusView,
} from '@jetway/contracts';
import { connect, type NatsConnection } from 'nats';
import { EventPublisher, PermanentError, requestReply } from '@jetway/messaging';
import { contextFromTraceparent, enablePropagation } from '@jetway/telemetry';
import { DeadLetterStore } from './dead-letter-store';
import { CliError } from './errors';

export { CliError };

/** The `jetway` command's side of the mesh: publish requests and decisions, query runs. */
export class JetwayClient {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly publisher: EventPublisher,
  ) {}

  /**
   * A plain client connection: the CLI publishes and asks, it never provisions streams. `auth`
   * is the NATS user (JETWAY_NATS_USER/JETWAY_NATS_PASSWORD), e.g. `cli`, or `ops` to replay.
   */
  static async connect(url: string, auth: { user?: string; pass?: string } = {}): Promise<JetwayClient> {
    enablePropagation();
    try {
      const nc = await connect({ servers: url.split(',').map((s) => s.trim()), name: 'jetway-cli', timeout: 5_000, ...auth });
      return new JetwayClient(nc, new EventPublisher(nc.jetstream(), 'cli'));
    } catch (error) {
      throw new CliError(`cannot reach NATS at ${url} (${(error as Error).message}): start the mesh (npm start) or pass --nats <url>`);
    }
  }

  /** Publishes the request (its idempotency key is its event id) and returns the run id. */
  async publishRequest(request: DeploymentRequest, timeoutMs = 30_000): Promise<string> {
    const id = requestEventId(request.idempotency_key);
    await this.published(() => this.publisher.publish('jetway.pipeline.requested.v1', request, { runId: id, id, subject: request.idempotency_key }));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const reply = await requestReply(this.nc, queries.runLookup, { idempotency_key: request.idempotency_key }, RunLookupReply).catch(() => undefined);
      if (reply?.run_id) return reply.run_id;
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

  /** Approves or rejects the run's waiting approval, after checking the approver is allowed. */
  async decide(runId: string, decision: ApprovalDecided['decision'], approver: string, comment?: string): Promise<string> {
    const run = await this.status(runId);
    const waiting = run.steps.find((step) => step.kind === 'approval' && step.status === 'waiting_approval');
    if (!waiting) throw new CliError(`run ${runId} is not waiting for an approval (status: ${run.status})`);
    if (!run.approvers.includes(approver)) {
      throw new CliError(`${approver} may not decide ${waiting.step_id} of run ${runId}; allowed: ${run.approvers.join(', ') || 'nobody'}`, 2);
    }
    const event = { run_id: runId, step_id: waiting.step_id, decision, approver, ...(comment ? { comment } : {}) };
    const ids = { runId, stepId: waiting.step_id, id: `${runId}.${waiting.step_id}.decided.${approver}` };
    await this.published(() => this.publisher.publish('jetway.approval.decided.v1', event, ids, contextFromTraceparent(run.traceparent)));
    return waiting.step_id;
  }

  /** Calls `onChange` whenever the run's status changes, until it ends; returns the final view. */
  async watch(runId: string, onChange: (run: RunStatusView) => void, intervalMs = 250): Promise<RunStatusView> {
    let last = '';
    for (;;) {
      const run = await this.status(runId);
      const fingerprint = JSON.stringify(run.steps.map((s) => [s.status, s.outcome])) + run.status;
      if (fingerprint !== last) onChange(run);
      last = fingerprint;
      if (run.status !== 'running') return run;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
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
  }
}
