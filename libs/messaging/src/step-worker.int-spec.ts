import { ulid } from 'ulid';
import { startNats, waitFor, type NatsFixture } from '@jetway/testing';
import type { MessageMeta } from './consumer-runner';
import { EffectLedger } from './effect-ledger';
import { Mesh } from './mesh';
import { EventPublisher } from './publisher';
import { stepEffectKey, StepWorker } from './step-worker';
import { storedEvents } from './stored-event';

/** The step events of one run in JETWAY_EVENTS, in stream order: `<kind>.<started|finished>`, with the finished bodies. */
async function stepEvents(mesh: Mesh, runId: string): Promise<{ order: string[]; finished: Record<string, unknown>[] }> {
  const info = await mesh.jsm.streams.info('JETWAY_EVENTS');
  const order: string[] = [];
  const finished: Record<string, unknown>[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq += 1) {
    const message = await mesh.jsm.streams.getMessage('JETWAY_EVENTS', { seq }).catch(() => undefined);
    if (!message) continue;
    const body = message.json<Record<string, unknown>>();
    if (body['run_id'] !== runId) continue;
    const [, , kind, phase] = message.subject.split('.');
    order.push(`${kind}.${phase}`);
    if (phase === 'finished') finished.push(body);
  }
  return { order, finished };
}

const meta = { lastDelivery: false } as MessageMeta;

describe('StepWorker on a real nats-server', () => {
  let nats: NatsFixture;
  let mesh: Mesh;
  let worker: StepWorker;

  beforeAll(async () => {
    nats = await startNats();
    mesh = await Mesh.connect({ servers: nats.url, name: 'step-worker-spec' });
    // A short delay keeps the spec quick: what matters is work done before it, or still going after it.
    worker = new StepWorker(new EventPublisher(mesh.js, 'spec'), new EffectLedger(mesh.kv('idempotency'), 'spec'), storedEvents(mesh.jsm), 200);
  });
  afterAll(async () => {
    await mesh.drain();
    await nats.stop();
  });

  it('publishes only finished, naming the worker, for work done before the delay', async () => {
    const run = ulid();
    await worker.run('verify', { run_id: run, step_id: 'verify-staging', attempt: 1 }, meta, async () => ({ outcome: 'succeeded', outputs: { checks_passed: 1 } }), 'repeatable');
    const { order, finished } = await stepEvents(mesh, run);
    expect(order).toEqual(['verify.finished']);
    expect(finished[0]).toMatchObject({ outcome: 'succeeded', worker: expect.stringMatching(/^.+:\d+$/) });
  });

  it('writes nothing but its finished for repeatable work; a redelivery does the work again and the stream keeps the first', async () => {
    const run = ulid();
    const trigger = { run_id: run, step_id: 'verify-staging', attempt: 1 };
    const idempotency = await mesh.jsm.streams.info('KV_jetway-idempotency');
    let checks = 0;
    const work = async () => ({ outcome: 'succeeded' as const, outputs: { checks_passed: (checks += 1) } });
    await worker.run('verify', trigger, meta, work, 'repeatable');
    await worker.run('verify', trigger, meta, work, 'repeatable');
    expect(checks).toBe(2);
    expect((await mesh.jsm.streams.info('KV_jetway-idempotency')).state.last_seq).toBe(idempotency.state.last_seq);
    const { order, finished } = await stepEvents(mesh, run);
    expect(order).toEqual(['verify.finished']);
    expect(finished[0]).toMatchObject({ outputs: { checks_passed: 1 } });
  });

  it('claims outside effects in the ledger and writes no result there: a redelivery finds the stored finished instead of doing the work again', async () => {
    const run = ulid();
    const trigger = { run_id: run, step_id: 'deploy-staging', attempt: 1 };
    const idempotency = await mesh.jsm.streams.info('KV_jetway-idempotency');
    let starts = 0;
    const work = async () => ({ outcome: 'succeeded' as const, reason: `started ${(starts += 1)} time(s)` });
    await worker.run('verify', trigger, { ...meta, envelope: { time: new Date().toISOString() } } as MessageMeta, work, 'outside');
    // The claim is still within its lease: only the stored finished tells the redelivery it is done.
    await worker.run('verify', trigger, { ...meta, envelope: { time: new Date().toISOString() } } as MessageMeta, work, 'outside');
    expect(starts).toBe(1);
    expect((await stepEvents(mesh, run)).finished).toEqual([expect.objectContaining({ reason: 'started 1 time(s)' })]);
    expect((await mesh.jsm.streams.info('KV_jetway-idempotency')).state.last_seq - idempotency.state.last_seq).toBe(1);
  });

  it('takes over the claim of a holder that died before its finished was stored, and does the work', async () => {
    const run = ulid();
    const trigger = { run_id: run, step_id: 'deploy-staging', attempt: 1 };
    const dead = { state: 'claimed', owner: 'gone:1', at: Date.now() - 60_000 };
    await mesh.kv('idempotency').create(stepEffectKey('verify', trigger), new TextEncoder().encode(JSON.stringify(dead)));
    let starts = 0;
    await worker.run('verify', trigger, { ...meta, envelope: { time: new Date().toISOString() } } as MessageMeta, async () => ({ outcome: 'succeeded', reason: `started ${(starts += 1)} time(s)` }), 'outside');
    expect(starts).toBe(1);
    expect((await stepEvents(mesh, run)).finished).toEqual([expect.objectContaining({ reason: 'started 1 time(s)', worker: expect.any(String) })]);
  });

  it('publishes the result an earlier delivery kept in the ledger, without the work and without naming itself', async () => {
    const run = ulid();
    const trigger = { run_id: run, step_id: 'deploy-staging', attempt: 1 };
    const done = { state: 'done', owner: 'gone:1', at: Date.now(), result: { outcome: 'succeeded', reason: 'kept', duration_ms: 3 } };
    await mesh.kv('idempotency').create(stepEffectKey('verify', trigger), new TextEncoder().encode(JSON.stringify(done)));
    let starts = 0;
    await worker.run('verify', trigger, { ...meta, envelope: { time: new Date().toISOString() } } as MessageMeta, async () => ({ outcome: 'failed', reason: `started ${(starts += 1)} time(s)` }), 'outside');
    expect(starts).toBe(0);
    const [finished] = (await stepEvents(mesh, run)).finished;
    expect(finished).toMatchObject({ outcome: 'succeeded', reason: 'kept', duration_ms: 3 });
    expect(finished).not.toHaveProperty('worker');
  });

  it('publishes started, then finished, for work still going after the delay', async () => {
    const run = ulid();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const running = worker.run('verify', { run_id: run, step_id: 'verify-staging', attempt: 1 }, meta, async () => {
      await held;
      return { outcome: 'succeeded', outputs: { checks_passed: 1 } };
    }, 'repeatable');
    // The work is held until its started is in the stream.
    await waitFor(async () => (await stepEvents(mesh, run)).order.includes('verify.started'), { message: 'step.verify.started while the work is held' });
    release();
    await running;
    expect((await stepEvents(mesh, run)).order).toEqual(['verify.started', 'verify.finished']);
  });
});
