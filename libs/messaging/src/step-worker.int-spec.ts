import { ulid } from 'ulid';
import { startNats, waitFor, type NatsFixture } from '@jetway/testing';
import type { MessageMeta } from './consumer-runner';
import { EffectLedger } from './effect-ledger';
import { Mesh } from './mesh';
import { EventPublisher } from './publisher';
import { StepWorker } from './step-worker';

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
    worker = new StepWorker(new EventPublisher(mesh.js, 'spec'), new EffectLedger(mesh.kv('idempotency'), 'spec'), 200);
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
