import { BUCKETS } from '@jetway/contracts';
import { startNats, waitFor, type NatsFixture } from '@jetway/testing';
import { EffectLedger, type BatchEffect } from './effect-ledger';
import { Mesh } from './mesh';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe('EffectLedger.onceEach on a real nats-server', () => {
  let nats: NatsFixture;
  let mesh: Mesh;

  beforeAll(async () => {
    nats = await startNats();
    mesh = await Mesh.connect({ servers: nats.url, name: 'effect-batch-spec' });
  });

  afterAll(async () => {
    await mesh?.drain();
    await nats?.stop();
  });

  const writes = async () => (await mesh.jsm.streams.info(`KV_${BUCKETS.idempotency.name}`)).state.last_seq;
  const entry = async (key: string) => {
    const found = await mesh.kv('idempotency').get(key);
    return found?.operation === 'PUT' ? (found.json<{ state: string; owner: string; done?: Record<string, unknown> }>()) : undefined;
  };
  const counted = (calls: Map<string, number>, id: string, fail?: () => boolean): BatchEffect<string> => ({
    id,
    effect: async () => {
      calls.set(id, (calls.get(id) ?? 0) + 1);
      if (fail?.()) throw new Error(`${id} refused`);
      return `${id} sent`;
    },
  });

  it('runs three effects under one claim in two writes, and a second delivery replays them all without writing', async () => {
    const calls = new Map<string, number>();
    let replays = 0;
    const ledger = new EffectLedger(mesh.kv('idempotency'), 'batch-1', undefined, () => (replays += 1));
    const effects = ['slack', 'pagerduty', 'webhook'].map((id) => counted(calls, id));
    const before = await writes();
    const first = await ledger.onceEach('batch.test.all', effects);
    expect(first.map((o) => o.status === 'fulfilled' && [o.id, o.result, o.replayed])).toEqual([
      ['slack', 'slack sent', false],
      ['pagerduty', 'pagerduty sent', false],
      ['webhook', 'webhook sent', false],
    ]);
    expect((await writes()) - before).toBe(2);
    expect(await entry('batch.test.all')).toMatchObject({ state: 'done', done: { slack: 'slack sent', pagerduty: 'pagerduty sent', webhook: 'webhook sent' } });

    const again = await ledger.onceEach('batch.test.all', effects);
    expect(again.every((o) => o.status === 'fulfilled' && o.replayed)).toBe(true);
    expect((await writes()) - before).toBe(2);
    expect([...calls.values()]).toEqual([1, 1, 1]);
    expect(replays).toBe(3);
  });

  it('leaves a failed batch partial, and the retry runs only the effects that did not happen', async () => {
    const calls = new Map<string, number>();
    const ledger = new EffectLedger(mesh.kv('idempotency'), 'batch-2');
    let pagerdutyDown = true;
    const effects = [counted(calls, 'slack'), counted(calls, 'pagerduty', () => pagerdutyDown)];
    const first = await ledger.onceEach('batch.test.partial', effects);
    expect(first.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect(first[1]).toMatchObject({ status: 'rejected', reason: new Error('pagerduty refused') });
    expect(await entry('batch.test.partial')).toMatchObject({ state: 'partial', done: { slack: 'slack sent' } });

    pagerdutyDown = false;
    const retry = await ledger.onceEach('batch.test.partial', effects);
    expect(retry.map((o) => o.status === 'fulfilled' && o.replayed)).toEqual([true, false]);
    expect(Object.fromEntries(calls)).toEqual({ slack: 1, pagerduty: 2 });
    expect(await entry('batch.test.partial')).toMatchObject({ state: 'done' });

    // A batch where nothing happened leaves no entry: the retry starts clean.
    const none = await ledger.onceEach('batch.test.none', [counted(calls, 'webhook', () => true)]);
    expect(none[0]?.status).toBe('rejected');
    expect(await entry('batch.test.none')).toBeUndefined();
  });

  it('writes an effect done while another still runs into the claim, so a takeover after a crash repeats only the other', async () => {
    const calls = new Map<string, number>();
    const holder = new EffectLedger(mesh.kv('idempotency'), 'holder', 300);
    let release = () => undefined as void;
    const slow: BatchEffect<string> = { id: 'pagerduty', effect: () => new Promise((done) => (release = () => done('paged'))) };
    const running = holder.onceEach('batch.test.progress', [counted(calls, 'slack'), slow]);
    const recorded = await waitFor(async () => {
      const claim = await entry('batch.test.progress');
      return claim?.state === 'claimed' && claim.done?.['slack'] ? claim : undefined;
    }, { message: 'the claim recording the Slack post while PagerDuty still runs' });
    expect(recorded.done).toEqual({ slack: 'slack sent' });
    // A rival meanwhile is told the batch is in progress.
    const rival = new EffectLedger(mesh.kv('idempotency'), 'rival', 300);
    await expect(rival.onceEach('batch.test.progress', [counted(calls, 'slack'), counted(calls, 'pagerduty')])).rejects.toThrow(/in progress \(claimed by holder\)/);
    release();
    expect((await running).map((o) => o.status === 'fulfilled' && o.result)).toEqual(['slack sent', 'paged']);

    // What a holder that died after the Slack post leaves: its claim with Slack done, renewed no more.
    await mesh.kv('idempotency').put('batch.test.orphan', encode({ state: 'claimed', owner: 'dead', at: Date.now(), done: { slack: 'slack sent' } }));
    const taken = await waitFor(() => rival.onceEach('batch.test.orphan', [counted(calls, 'slack'), counted(calls, 'pagerduty')]).catch(() => undefined), {
      intervalMs: 100,
      message: 'takeover after the lease',
    });
    expect(taken.map((o) => o.status === 'fulfilled' && o.replayed)).toEqual([true, false]);
    expect(Object.fromEntries(calls)).toEqual({ slack: 1, pagerduty: 1 });
  });

  it('runs an effect the finished entry does not know yet (a channel configured since), and only that one', async () => {
    const calls = new Map<string, number>();
    const ledger = new EffectLedger(mesh.kv('idempotency'), 'batch-3');
    await ledger.onceEach('batch.test.grown', [counted(calls, 'slack')]);
    const grown = await ledger.onceEach('batch.test.grown', [counted(calls, 'slack'), counted(calls, 'webhook')]);
    expect(grown.map((o) => o.status === 'fulfilled' && o.replayed)).toEqual([true, false]);
    expect(Object.fromEntries(calls)).toEqual({ slack: 1, webhook: 1 });
    expect(await entry('batch.test.grown')).toMatchObject({ state: 'done', done: { slack: 'slack sent', webhook: 'webhook sent' } });
  });
});
