import { AckPolicy, StorageType, connect, nanos, type JetStreamManager, type NatsConnection } from 'nats';
import { ensureTopology } from '@jetway/messaging';
import { startNats, type NatsFixture } from '@jetway/testing';
import { applyMessaging, readActual } from './jetstream.driver';
import { describePlan, planMessaging, type MessagingPlan } from './messaging-plan';
import { parseMessaging, scopeOf, type MessagingDeclarationInput } from '@jetway/contracts';
import { verifyMessaging } from './verify.driver';

const declaration: MessagingDeclarationInput = {
  managed_prefix: 'orders',
  streams: [
    { name: 'ORDERS', subjects: ['orders.>'], max_age_seconds: 3600, duplicate_window_seconds: 60, max_msgs: 10_000 },
    { name: 'ORDERS_JOBS', subjects: ['orders-jobs.*'], retention: 'workqueue', storage: 'memory' },
    { name: 'ORDERS_AUDIT', subjects: ['orders-audit.>'], retention: 'interest' },
  ],
  consumers: [
    { stream: 'ORDERS', name: 'billing', filter_subject: 'orders.created', max_deliver: 5, ack_wait_seconds: 10 },
    { stream: 'ORDERS', name: 'shipping' },
    { stream: 'ORDERS_JOBS', name: 'worker', deliver_policy: 'all' },
  ],
  kv: [{ bucket: 'orders-cache', history: 5, ttl_seconds: 600, max_bytes: 1_048_576 }],
};
const declared = parseMessaging(declaration);
const scope = scopeOf(declared);

const summary = (plan: MessagingPlan) => plan.changes.filter((c) => c.action !== 'no-op').map((c) => `${c.action} ${c.kind} ${c.name}`);

describe('messaging infrastructure on a real nats-server (plan, apply, verify, drift)', () => {
  let nats: NatsFixture;
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url });
    jsm = await nc.jetstreamManager();
    // The mesh's own streams and buckets share the server; no plan may ever touch them.
    await ensureTopology(jsm, nc.jetstream());
  });
  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });

  const plan = async () => planMessaging(declared, await readActual(jsm, scope));

  it('plans every declared object as a create on an empty server, and nothing of the mesh', async () => {
    const first = await plan();
    expect(summary(first)).toEqual([
      'create stream ORDERS', 'create stream ORDERS_AUDIT', 'create stream ORDERS_JOBS',
      'create consumer ORDERS/billing', 'create consumer ORDERS/shipping', 'create consumer ORDERS_JOBS/worker',
      'create kv orders-cache',
    ]);
    expect(first.changes.some((c) => /jetway/i.test(c.name))).toBe(false);
  });

  it('refuses a plan whose hash is not the reviewed one, before changing anything', async () => {
    const first = await plan();
    await expect(applyMessaging(jsm, first, 'sha256:0000')).rejects.toThrow(/is not the reviewed plan \(sha256:0000\).*nothing was applied/);
    const edited = { ...first, changes: first.changes.slice(1) };
    await expect(applyMessaging(jsm, edited, first.hash)).rejects.toThrow(/not the reviewed plan/);
    expect((await readActual(jsm, scope)).streams).toEqual([]);
  });

  it('applies the plan: the streams, consumers and bucket exist with the declared settings', async () => {
    const first = await plan();
    const applied = await applyMessaging(jsm, first, first.hash);
    // Streams and buckets before the consumers that need them.
    expect(applied.map((a) => `${a.action} ${a.kind} ${a.name}`)).toEqual([
      'create stream ORDERS', 'create stream ORDERS_AUDIT', 'create stream ORDERS_JOBS', 'create kv orders-cache',
      'create consumer ORDERS/billing', 'create consumer ORDERS/shipping', 'create consumer ORDERS_JOBS/worker',
    ]);

    const orders = (await jsm.streams.info('ORDERS')).config;
    expect(orders).toMatchObject({ subjects: ['orders.>'], retention: 'limits', storage: 'file', max_age: nanos(3_600_000), duplicate_window: nanos(60_000), max_msgs: 10_000 });
    expect((await jsm.streams.info('ORDERS_JOBS')).config).toMatchObject({ retention: 'workqueue', storage: 'memory' });
    expect((await jsm.consumers.info('ORDERS', 'billing')).config).toMatchObject({ durable_name: 'billing', filter_subject: 'orders.created', max_deliver: 5, ack_wait: nanos(10_000), ack_policy: 'explicit' });
    const bucket = await (await nc.jetstream().views.kv('orders-cache', { bindOnly: true })).status();
    expect({ history: bucket.history, ttl: bucket.ttl, max_bytes: bucket.streamInfo.config.max_bytes }).toEqual({ history: 5, ttl: 600_000, max_bytes: 1_048_576 });
  });

  it('plans no change the second time: in sync', async () => {
    const second = await plan();
    expect(second.inSync).toBe(true);
    expect(describePlan(second)).toMatch(/^in sync: 3 streams, 3 consumers, 1 KV buckets match the declaration/);
  });

  it('proves delivery with a probe through every declared consumer, then removes the probes', async () => {
    const before = (await jsm.streams.info('ORDERS')).state.messages;
    const report = await verifyMessaging(nc, declared);
    expect(report.checks.map((c) => `${c.stream} ${c.consumer} ${c.subject} ${c.delivered}`)).toEqual([
      'ORDERS billing orders.created true',
      'ORDERS shipping orders.probe true',
      'ORDERS_JOBS worker orders-jobs.probe true',
      'ORDERS_AUDIT (ephemeral) orders-audit.probe true',
    ]);
    expect(report).toMatchObject({ ok: true, leftovers: [] });
    expect((await jsm.streams.info('ORDERS')).state.messages).toBe(before);
    expect((await plan()).inSync).toBe(true); // the ephemeral consumer is gone or ignored
  });

  it('reports a max_age changed by hand as exactly one update (drift), and applying restores it', async () => {
    const current = (await jsm.streams.info('ORDERS')).config;
    await jsm.streams.update('ORDERS', { ...current, max_age: nanos(120_000) });

    const drift = await plan();
    expect(drift.changes.filter((c) => c.action !== 'no-op')).toEqual([
      expect.objectContaining({ action: 'update', kind: 'stream', name: 'ORDERS', differences: [{ setting: 'max_age_seconds', actual: 120, declared: 3600 }] }),
    ]);
    console.log(`drift report: ORDERS changed by hand → ${describePlan(drift)}`);

    await applyMessaging(jsm, drift, drift.hash);
    expect((await jsm.streams.info('ORDERS')).config.max_age).toBe(nanos(3_600_000));
    const after = await plan();
    expect(after.inSync).toBe(true);
    console.log(`drift report after remediation: ${describePlan(after)}`);
  });

  it("reports a consumer's max_deliver and a bucket's history changed by hand, and restores both in place", async () => {
    const billing = (await jsm.consumers.info('ORDERS', 'billing')).config;
    await jsm.consumers.add('ORDERS', { ...billing, max_deliver: 99 });
    const bucket = (await jsm.streams.info('KV_orders-cache')).config;
    await jsm.streams.update('KV_orders-cache', { ...bucket, max_msgs_per_subject: 2 });

    const drift = await plan();
    expect(drift.changes.filter((c) => c.action !== 'no-op').map((c) => [c.action, c.name, c.differences])).toEqual([
      ['update', 'ORDERS/billing', [{ setting: 'max_deliver', actual: 99, declared: 5 }]],
      ['update', 'orders-cache', [{ setting: 'history', actual: 2, declared: 5 }]],
    ]);
    await applyMessaging(jsm, drift, drift.hash);
    expect((await jsm.consumers.info('ORDERS', 'billing')).config.max_deliver).toBe(5);
    expect((await jsm.streams.info('KV_orders-cache')).config.max_msgs_per_subject).toBe(5);
    expect((await plan()).inSync).toBe(true);
  });

  it('probes a durable with real messages waiting through an ephemeral consumer, leaving the real one alone', async () => {
    await nc.jetstream().publish('orders.created', new TextEncoder().encode('a real order'));
    const report = await verifyMessaging(nc, declared);
    const billing = report.checks.find((c) => c.consumer.includes('billing'));
    expect(billing).toMatchObject({ delivered: true, consumer: expect.stringContaining('(ephemeral) (billing has messages waiting') });
    expect((await jsm.consumers.info('ORDERS', 'billing')).num_pending).toBe(1);
    expect(report.leftovers).toEqual([]);
  });

  it('deletes a stream removed from the declaration (with its consumer), never the mesh streams', async () => {
    const smaller = parseMessaging({ ...declaration, streams: declaration.streams?.filter((s) => s.name !== 'ORDERS_JOBS'), consumers: declaration.consumers?.filter((c) => c.stream !== 'ORDERS_JOBS') });
    const removal = planMessaging(smaller, await readActual(jsm, scope));
    expect(summary(removal)).toEqual(['delete stream ORDERS_JOBS', 'delete consumer ORDERS_JOBS/worker']);

    await applyMessaging(jsm, removal, removal.hash);
    const names: string[] = [];
    for await (const info of jsm.streams.list()) names.push(info.config.name);
    expect(names).not.toContain('ORDERS_JOBS');
    expect(names).toEqual(expect.arrayContaining(['JETWAY_EVENTS', 'JETWAY_DLQ', 'ORDERS', 'ORDERS_AUDIT', 'KV_orders-cache', 'KV_jetway-runs']));
    expect(planMessaging(smaller, await readActual(jsm, scope)).inSync).toBe(true);
  });

  it('replaces a stream whose storage changed, deleting and recreating its consumers', async () => {
    const smaller = parseMessaging({ ...declaration, streams: declaration.streams?.filter((s) => s.name !== 'ORDERS_JOBS'), consumers: declaration.consumers?.filter((c) => c.stream !== 'ORDERS_JOBS') });
    const current = (await jsm.streams.info('ORDERS')).config;
    await jsm.streams.delete('ORDERS');
    await jsm.streams.add({ ...current, storage: StorageType.Memory });
    await jsm.consumers.add('ORDERS', { durable_name: 'billing', ack_policy: AckPolicy.Explicit, filter_subject: 'orders.created', max_deliver: 5, ack_wait: nanos(10_000) });

    const replace = planMessaging(smaller, await readActual(jsm, scope));
    expect(summary(replace)).toEqual(['replace stream ORDERS', 'replace consumer ORDERS/billing', 'create consumer ORDERS/shipping']);
    expect(replace.changes[0]).toMatchObject({ differences: [{ setting: 'storage', actual: 'memory', declared: 'file' }], reason: expect.stringContaining("cannot change a stream's storage in place") });

    await applyMessaging(jsm, replace, replace.hash);
    expect((await jsm.streams.info('ORDERS')).config.storage).toBe('file');
    expect((await jsm.consumers.info('ORDERS', 'shipping')).config.durable_name).toBe('shipping');
    expect(planMessaging(smaller, await readActual(jsm, scope)).inSync).toBe(true);
  });
});
