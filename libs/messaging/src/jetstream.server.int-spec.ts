import { Controller, Module } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { headers as natsHeaders } from 'nats';
import { ulid } from 'ulid';
import { DLQ_HEADERS, STREAMS, type ApprovalDecided } from '@jetway/contracts';
import { startNats, waitFor, type NatsFixture } from '@jetway/testing';
import { PermanentError, TransientError } from './errors';
import { durableName, type MessageMeta } from './consumer-runner';
import { EventPublisher } from './publisher';
import { EffectLedger } from './effect-ledger';
import { JetStreamClient } from './jetstream.client';
import { startService, MeshEnv, type ServiceHandle } from './service-host';

const SUBJECT = 'jetway.approval.decided.v1';
const seen: { payload: ApprovalDecided; meta: MessageMeta }[] = [];
const failures = new Map<string, number>();

@Controller()
class ProbeHandler {
  @EventPattern(SUBJECT)
  async handle(@Payload() payload: ApprovalDecided, @Ctx() meta: MessageMeta): Promise<void> {
    const mode = payload.comment ?? '';
    if (mode === 'permanent') throw new PermanentError('this one can never work');
    if (mode.startsWith('flaky') && (failures.get(payload.run_id) ?? 0) < 2) {
      failures.set(payload.run_id, (failures.get(payload.run_id) ?? 0) + 1);
      throw new TransientError('not yet', { retryAfterMs: 20 });
    }
    seen.push({ payload, meta });
  }

  @MessagePattern('jetway.query.run-lookup.v1')
  lookup(@Payload() query: { idempotency_key: string }): { run_id: string } {
    return { run_id: `run-for-${query.idempotency_key}` };
  }
}

@Module({ controllers: [ProbeHandler] })
class ProbeModule {}

const decided = (comment?: string): ApprovalDecided => ({
  run_id: ulid(),
  step_id: 'approve-production',
  decision: 'approved',
  approver: 'alice',
  ...(comment ? { comment } : {}),
});

describe('JetStreamServer on a real nats-server', () => {
  let nats: NatsFixture;
  let service: ServiceHandle;
  let publisher: EventPublisher;
  let duplicatesSeen = 0;

  beforeAll(async () => {
    nats = await startNats();
    service = await startService({
      service: 'probe',
      env: MeshEnv.parse({ JETWAY_NATS_URL: nats.url, JETWAY_LOG_LEVEL: 'error' }),
      feature: ProbeModule,
      server: { consumer: { maxDeliver: 4, backoffMs: [20] } },
    });
    publisher = new EventPublisher(service.mesh.js, 'test', () => (duplicatesSeen += 1));
  });

  afterAll(async () => {
    await service?.stop();
    await nats?.stop();
  });

  const dlqEntries = async () => {
    const info = await service.mesh.jsm.streams.info(STREAMS.deadLetters.name);
    const out: { reason: string; subject: string }[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const m = await service.mesh.jsm.streams.getMessage(STREAMS.deadLetters.name, { seq });
      out.push({ reason: m.header.get(DLQ_HEADERS.reason), subject: m.subject });
    }
    return out;
  };

  it('delivers a valid event to its handler with the envelope', async () => {
    const payload = decided();
    await publisher.publish(SUBJECT, payload, { runId: payload.run_id, stepId: payload.step_id });
    const got = await waitFor(() => seen.find((s) => s.payload.run_id === payload.run_id), { message: 'handler call' });
    expect(got.payload).toEqual(payload);
    expect(got.meta.envelope.subject).toBe(payload.run_id);
    expect(got.meta.envelope.type).toBe(`dev.${SUBJECT}`);
    expect(got.meta.deliveryCount).toBe(1);
  });

  it('drops a republished copy through the duplicate window', async () => {
    const payload = decided();
    const first = await publisher.publish(SUBJECT, payload, { runId: payload.run_id, stepId: payload.step_id });
    const second = await publisher.publish(SUBJECT, payload, { runId: payload.run_id, stepId: payload.step_id });
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(second.seq).toBe(first.seq);
    expect(duplicatesSeen).toBe(1);
  });

  it('dead-letters malformed messages with a reason and keeps consuming', async () => {
    const h = natsHeaders();
    h.set('ce-id', 'bad-1');
    h.set('ce-type', `dev.${SUBJECT}`);
    h.set('ce-source', 'test');
    h.set('ce-specversion', '1.0');
    h.set('ce-time', new Date().toISOString());
    await service.mesh.js.publish(SUBJECT, JSON.stringify({ run_id: 'nope', decision: 'maybe' }), { headers: h });
    await service.mesh.js.publish(SUBJECT, 'not json at all');
    const good = decided();
    await publisher.publish(SUBJECT, good, { runId: good.run_id, stepId: good.step_id });

    await waitFor(() => seen.some((s) => s.payload.run_id === good.run_id), { message: 'good message after poison' });
    const dlq = await waitFor(async () => ((await dlqEntries()).length >= 2 ? dlqEntries() : undefined), { message: 'two dead letters' });
    expect(dlq.map((d) => d.subject)).toEqual([`jetway-dlq.${SUBJECT}`, `jetway-dlq.${SUBJECT}`]);
    expect(dlq[0]?.reason).toMatch(/run_id: must be a ULID/);
    expect(dlq[0]?.reason).toMatch(/decision/);
    expect(dlq[1]?.reason).toMatch(/missing CloudEvents headers/);
  });

  it('retries a transient failure with backoff and dead-letters a permanent one at once', async () => {
    const flaky = decided('flaky');
    const doomed = decided('permanent');
    await publisher.publish(SUBJECT, flaky, { runId: flaky.run_id, stepId: flaky.step_id });
    await publisher.publish(SUBJECT, doomed, { runId: doomed.run_id, stepId: doomed.step_id });
    const got = await waitFor(() => seen.find((s) => s.payload.run_id === flaky.run_id), { message: 'flaky message handled' });
    expect(got.meta.deliveryCount).toBe(3);
    const dlq = await waitFor(async () => (await dlqEntries()).find((d) => /can never work/.test(d.reason)), { message: 'permanent failure dead-lettered' });
    expect(dlq.reason).toBe('permanent error: this one can never work');
    expect(seen.some((s) => s.payload.run_id === doomed.run_id)).toBe(false);
  });

  it('runs a guarded effect once and replays its result', async () => {
    let replays = 0;
    const ledger = new EffectLedger(service.mesh.kv('idempotency'), 'probe-1', undefined, () => (replays += 1));
    let calls = 0;
    const effect = async () => ++calls;
    const first = await ledger.once('effect.test.1', effect);
    const second = await ledger.once('effect.test.1', effect);
    expect(first).toEqual({ result: 1, replayed: false });
    expect(second).toEqual({ result: 1, replayed: true });
    expect(calls).toBe(1);
    expect(replays).toBe(1);
  });

  it('renews a running effect\'s lease so nobody takes it over, and takes over a dead holder\'s claim', async () => {
    const kv = service.mesh.kv('idempotency');
    const holder = new EffectLedger(kv, 'holder', 300);
    const rival = new EffectLedger(kv, 'rival', 300);
    let release = () => undefined as void;
    const slow = holder.once('effect.test.lease', () => new Promise<string>((done) => (release = () => done('holder did it'))));
    // Three leases long, the rival keeps being told the effect is in progress.
    let refused = 0;
    const refusals = await waitFor(
      async () => {
        await expect(rival.once('effect.test.lease', async () => 'rival did it')).rejects.toThrow(/in progress \(claimed by holder\)/);
        return (refused += 1) >= 10 ? refused : undefined;
      },
      { intervalMs: 100, timeoutMs: 5_000, message: 'ten refusals over a second' },
    );
    expect(refusals).toBe(10);
    release();
    expect(await slow).toEqual({ result: 'holder did it', replayed: false });
    expect(await rival.once('effect.test.lease', async () => 'rival did it')).toEqual({ result: 'holder did it', replayed: true });

    // A holder that died mid-effect (a claim nobody renews) is taken over once its lease ran out.
    await kv.put('effect.test.orphan', new TextEncoder().encode(JSON.stringify({ state: 'claimed', owner: 'dead', at: Date.now() })));
    await expect(rival.once('effect.test.orphan', async () => 'retried')).rejects.toThrow(/claimed by dead/);
    const taken = await waitFor(() => rival.once('effect.test.orphan', async () => 'retried').catch(() => undefined), { intervalMs: 100, message: 'takeover after the lease' });
    expect(taken).toEqual({ result: 'retried', replayed: false });
  });

  it('keeps its lease and records its result when a write of its own landed unacknowledged (an election)', async () => {
    const kv = service.mesh.kv('idempotency');
    const holder = new EffectLedger(kv, 'holder-2', 300);
    const rival = new EffectLedger(kv, 'rival-2', 300);
    let release = () => undefined as void;
    const slow = holder.once('effect.test.unacked', () => new Promise<string>((done) => (release = () => done('holder did it'))));
    await waitFor(async () => (await kv.get('effect.test.unacked'))?.operation === 'PUT', { message: 'the claim' });
    // What a renewal whose ack got lost leaves behind: our claim, at a revision the holder never saw.
    await kv.put('effect.test.unacked', new TextEncoder().encode(JSON.stringify({ state: 'claimed', owner: 'holder-2', at: Date.now() })));
    let refused = 0;
    await waitFor(
      async () => {
        await expect(rival.once('effect.test.unacked', async () => 'rival did it')).rejects.toThrow(/in progress \(claimed by holder-2\)/);
        return (refused += 1) >= 10;
      },
      { intervalMs: 100, timeoutMs: 5_000, message: 'ten refusals over three leases' },
    );
    release();
    expect(await slow).toEqual({ result: 'holder did it', replayed: false });
    expect(await rival.once('effect.test.unacked', async () => 'rival did it')).toEqual({ result: 'holder did it', replayed: true });
  });

  it('subscribes again, re-creating its durable, when the consumer is deleted under it', async () => {
    await service.mesh.jsm.consumers.delete(STREAMS.events.name, durableName('probe', SUBJECT));
    const payload = decided();
    await publisher.publish(SUBJECT, payload, { runId: payload.run_id, stepId: payload.step_id });
    await waitFor(() => seen.some((s) => s.payload.run_id === payload.run_id), { timeoutMs: 30_000, message: 'the event handled by a re-created durable' });
    expect((await service.mesh.jsm.consumers.info(STREAMS.events.name, durableName('probe', SUBJECT))).config.filter_subject).toBe(SUBJECT);
  });

  it('gives NestJS a ClientProxy: emit publishes a validated event, send asks a query', async () => {
    const client = new JetStreamClient(service.mesh, 'test');
    const payload = decided();
    await lastValueFrom(client.emit(SUBJECT, { payload, ids: { runId: payload.run_id, stepId: payload.step_id } }));
    await waitFor(() => seen.some((s) => s.payload.run_id === payload.run_id), { message: 'the emitted event' });
    const reply = await lastValueFrom(client.send('jetway.query.run-lookup.v1', { idempotency_key: 'k-1' }));
    expect(reply).toEqual({ run_id: 'run-for-k-1' });
    const invalid = { ...payload, approver: '' };
    await expect(lastValueFrom(client.emit(SUBJECT, { payload: invalid, ids: { runId: payload.run_id } }))).rejects.toThrow(
      /refusing to publish invalid jetway.approval.decided.v1: approver: say who decides/,
    );
  });
});
