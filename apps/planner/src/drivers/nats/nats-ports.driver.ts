import { createHash } from 'node:crypto';
import { z } from 'zod';
import { events, stepSubject, type WorkStepKind } from '@jetway/contracts';
import { EffectLedger, EventPublisher, idOfEvent, KvStore, memoizedPartsEncoder, StaleRevisionError, stepEffectKey, type Mesh, type StoredEvents } from '@jetway/messaging';
import type { JsonLogger } from '@jetway/telemetry';
import { RunState, RunStateV2 } from '../../domain/run-state';
import type { Emit } from '../../domain/outbox';
import type { AnyStepFinished } from '../../handlers/subjects';
import type { EventSink, RequestIndex, RunIndex, RunRepository, StepRecords } from '../../use-cases/ports';

/**
 * Runs in the `jetway-runs` bucket, compare-and-set on revision. Every write is validated; a
 * run's request (a third of the record's parse, the same on every write) and its unchanged steps
 * reuse their earlier parse (memoizedPartsEncoder), so a write pays for what changed.
 */
export class KvRunRepository implements RunRepository, RunIndex {
  private readonly store: KvStore<typeof RunState>;
  constructor(mesh: Mesh) {
    this.store = new KvStore(mesh.kv('runs'), RunState, memoizedPartsEncoder(RunStateV2, { one: ['request'], each: ['steps'] }));
  }
  async get(runId: string) {
    const found = await this.store.get(runId);
    return found && { run: found.value, revision: found.revision };
  }
  async create(run: RunState) {
    return this.store.create(run.run_id, run);
  }
  /** Every key of the bucket (run ids, and the write probe's key, which callers filter out). */
  async ids() {
    return this.store.keys();
  }
  async update(run: RunState, revision: number) {
    try {
      return await this.store.update(run.run_id, run, revision);
    } catch (error) {
      if (error instanceof StaleRevisionError) return false;
      throw error;
    }
  }
}

const RequestEntry = z.object({ run_id: z.string() });

/** `request.<sha256(key)>` → run id in the idempotency bucket; the first claim wins. */
export class KvRequestIndex implements RequestIndex {
  private readonly store: KvStore<typeof RequestEntry>;
  constructor(mesh: Mesh) {
    this.store = new KvStore(mesh.kv('idempotency'), RequestEntry);
  }
  private key(idempotencyKey: string) {
    return `request.${createHash('sha256').update(idempotencyKey).digest('hex')}`;
  }
  async claim(idempotencyKey: string, runId: string) {
    if (await this.store.create(this.key(idempotencyKey), { run_id: runId })) return runId;
    const holder = await this.store.get(this.key(idempotencyKey));
    return holder?.value.run_id ?? runId;
  }
  async lookup(idempotencyKey: string) {
    return (await this.store.get(this.key(idempotencyKey)))?.value.run_id;
  }
}

export class PublisherEventSink implements EventSink {
  constructor(private readonly publisher: EventPublisher) {}
  async publish(runId: string, emit: Emit) {
    // The union is correlated (subject ↔ payload) by construction in domain/outbox.
    const { subject, payload, stepId, attempt, id } = emit as Extract<Emit, { subject: 'jetway.pipeline.planned.v1' }>;
    await this.publisher.publish(subject, payload, { runId, stepId, attempt, ...(id && { id }) });
  }
}

/**
 * A step's result as its worker recorded it: in the effect ledger (outside effects keep their
 * result there), else its finished event as JETWAY_EVENTS stored it (repeatable work writes
 * nothing else); either is checked against the finished event's contract.
 */
export class WorkerStepRecords implements StepRecords {
  constructor(
    private readonly ledger: EffectLedger,
    private readonly stored: StoredEvents,
    private readonly logger: JsonLogger,
  ) {}
  async recorded(kind: WorkStepKind, ref: { run_id: string; step_id: string; attempt: number }, since: string) {
    const subject = stepSubject(kind, 'finished');
    const inLedger = await this.ledger.recorded<object>(stepEffectKey(kind, ref));
    const stored = inLedger === undefined ? await this.storedFinished(subject, ref, since) : undefined;
    const result = inLedger ?? stored;
    if (result === undefined) return undefined;
    const event = events[subject].schema.safeParse({ ...ref, ...result });
    if (!event.success) {
      this.logger.warn(`recorded result of ${ref.step_id} is not a valid ${subject}: ${event.error.message}`, { run_id: ref.run_id });
      return undefined;
    }
    const where = inLedger === undefined ? 'its event found in JETWAY_EVENTS' : 'the result its worker recorded';
    this.logger.warn(`no ${subject} for ${ref.step_id} by its deadline; applying ${where}`, { run_id: ref.run_id });
    return event.data as AnyStepFinished;
  }

  private async storedFinished(subject: ReturnType<typeof stepSubject>, ref: { run_id: string; step_id: string; attempt: number }, since: string) {
    const id = idOfEvent(subject, { runId: ref.run_id, stepId: ref.step_id, attempt: ref.attempt });
    return this.stored(subject, id, new Date(since));
  }
}
