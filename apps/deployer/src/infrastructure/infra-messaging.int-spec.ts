import { AckPolicy } from 'nats';
import { ulid } from 'ulid';
import { AttestationStore } from '@jetway/messaging';
import { waitFor } from '@jetway/testing';
import { InfraMesh } from './infra-mesh.fixture';

// Locks and a messaging stack through the deployer service on a real nats-server: the triggers
// the planner sends, the finished events it reads, and the stack store and server read back.

const declaration = (prefix: string) => ({
  managed_prefix: prefix,
  streams: [{ name: `${prefix}_ORDERS`, subjects: [`${prefix.toLowerCase()}.orders.>`], max_age_seconds: 3600 }],
  consumers: [{ stream: `${prefix}_ORDERS`, name: 'billing' }],
  kv: [{ bucket: `${prefix}_CONFIG`, history: 3 }],
});

describe('infrastructure steps: locks and a messaging stack (int, real nats-server)', () => {
  let m: InfraMesh;

  beforeAll(async () => {
    m = await InfraMesh.start('infra-messaging');
  });
  afterAll(() => m?.stop());

  it('locks every environment before planning; a second run fails in well under a second naming the holder; the run\'s end frees the locks', async () => {
    const digest = await m.bundle({ stack: 'locked', environments: ['staging', 'production'], messaging: declaration('LOCKED') });
    const spec = m.spec('locked', { environment_type: 'production', requested_by: 'alice' });
    const a = await m.plan({ stack: 'locked', digest, lock: ['staging', 'production'], spec });
    expect(a.finished).toMatchObject({ outcome: 'succeeded' });
    expect((await m.store.allLocks()).map((l) => `${l.environment}:${l.run_id}`).sort()).toEqual([`production:${a.runId}`, `staging:${a.runId}`]);
    // The same run planning production next holds that lock already: fine.
    expect((await m.plan({ runId: a.runId, stack: 'locked', digest, environment: 'production', lock: ['staging', 'production'], spec })).finished).toMatchObject({ outcome: 'succeeded' });

    const publishedAt = Date.now();
    const b = await m.plan({ stack: 'locked', digest, lock: ['staging', 'production'], spec: { ...spec, requested_by: 'bob' } });
    expect(b.finished.outcome).toBe('failed');
    expect(b.finished.reason).toMatch(new RegExp(`^stack locked/staging is locked by run ${a.runId} \\(requested by alice, since \\d{4}-\\d\\d-\\d\\dT[^,]+, \\d+ s ago\\): nothing was planned`));
    expect(b.finished.duration_ms).toBeLessThan(1_000);
    expect(b.finished.at - publishedAt).toBeLessThan(1_000);
    expect((await m.store.lockOf('locked', 'production'))?.run_id).toBe(a.runId); // b took none of them

    await m.finishRun(a.runId, 'locked', 'rejected');
    await waitFor(async () => (await m.store.allLocks()).length === 0, { timeoutMs: 10_000, message: 'the rejected run\'s locks released' });
    const again = await m.plan({ runId: b.runId, attempt: 2, stack: 'locked', digest, lock: ['staging', 'production'], spec });
    expect(again.finished).toMatchObject({ outcome: 'succeeded' });
    await m.finishRun(b.runId, 'locked', 'failed');
    await waitFor(async () => (await m.store.allLocks()).length === 0, { timeoutMs: 10_000, message: 'the failed run\'s locks released' });
  });

  it('plans the streams, consumer and bucket as creates, applies exactly that plan to the server, verifies by probe; a second plan shows no change', async () => {
    const digest = await m.bundle({ stack: 'shop', messaging: declaration('SHOP') });
    const spec = m.spec('shop', { messaging: declaration('SHOP') });
    const { runId, finished } = await m.plan({ stack: 'shop', digest, spec });
    const review = m.review(finished);
    expect(review).toMatchObject({ environment: 'staging', add: 3, change: 0, destroy: 0, protected_destroys: [] });
    expect(review.changes.map((c) => `${c.action} ${c.address}`)).toEqual(['create jetstream.stream.SHOP_ORDERS', 'create jetstream.consumer.SHOP_ORDERS/billing', 'create jetstream.kv.SHOP_CONFIG']);
    await expect(m.mesh.jsm.streams.info('SHOP_ORDERS')).rejects.toThrow(/stream not found/); // planning changed nothing

    const refused = await m.apply({ runId, stack: 'shop', digest, planHash: 'e'.repeat(64), spec });
    expect(refused).toMatchObject({ outcome: 'failed', reason: expect.stringContaining(`plan_hash ${'e'.repeat(64)} names no plan a plan step stored`) });

    const applied = await m.apply({ runId, stack: 'shop', digest, planHash: review.hash, spec, attempt: 2 }); // attempt 1 was refused
    expect(applied).toMatchObject({ outcome: 'succeeded', outputs: { plan_hash: review.hash, changelog_sequence: 1, already_applied: false } });
    expect(applied?.outputs?.['applied']).toEqual(['jetstream: create stream SHOP_ORDERS', 'jetstream: create kv SHOP_CONFIG', 'jetstream: create consumer SHOP_ORDERS/billing']);
    expect((await m.mesh.jsm.streams.info('SHOP_ORDERS')).config.subjects).toEqual(['shop.orders.>']);
    expect((await m.mesh.jsm.consumers.info('SHOP_ORDERS', 'billing')).config.durable_name).toBe('billing');
    expect((await m.mesh.jsm.streams.info('KV_SHOP_CONFIG')).config.max_msgs_per_subject).toBe(3);
    expect(await m.store.stack('shop', 'staging')).toMatchObject({ digest, plan_hash: review.hash, run_id: runId, sequence: 1, spec: { messaging: { managed_prefix: 'SHOP' } } });
    expect(await m.store.changelog('shop', 'staging')).toEqual([expect.objectContaining({ sequence: 1, plan_hash: review.hash, digest, summary: expect.stringContaining('3 added, 0 changed, 0 destroyed: create jetstream.stream.SHOP_ORDERS') })]);

    const verified = await m.verify({ runId, stack: 'shop', digest, spec });
    expect(verified).toMatchObject({ outcome: 'succeeded', reason: 'checked: the applied configuration, 1 JetStream probe(s), 0 smoke test(s); verified attestation written' });
    expect(verified.outputs?.['checks']).toEqual([
      expect.objectContaining({ name: 'applied configuration', passed: true }),
      expect.objectContaining({ name: 'jetstream SHOP_ORDERS via billing', passed: true, detail: expect.stringContaining('delivered') }),
    ]);
    expect(await new AttestationStore(m.mesh).verified('staging', digest)).toBe(true);
    await m.finishRun(runId, 'shop', 'succeeded');
    await waitFor(async () => (await m.store.lockOf('shop', 'staging')) === undefined, { timeoutMs: 10_000, message: 'locks released' });

    const second = await m.plan({ stack: 'shop', digest, spec });
    expect(m.review(second.finished)).toMatchObject({ add: 0, change: 0, destroy: 0, changes: [] });
    await m.finishRun(second.runId, 'shop', 'succeeded');
  });

  it('never runs an interrupted messaging apply again blind: done if the server matches the declaration, else plan again', async () => {
    const digest = await m.bundle({ stack: 'halfway', messaging: declaration('HALFWAY') });
    const spec = m.spec('halfway', { messaging: declaration('HALFWAY') });
    const { runId, finished } = await m.plan({ stack: 'halfway', digest, spec });
    const hash = m.review(finished).hash;
    // What a deployer killed in the middle of the JetStream part leaves behind.
    const interrupted = { hash, stack: 'halfway', environment: 'staging' as const, run_id: runId, state: 'applying' as const, started_at: new Date().toISOString(), parts_done: [], in_progress: 'messaging' as const };
    await m.store.putMarker(interrupted);
    await m.mesh.jsm.streams.add({ name: 'HALFWAY_ORDERS', subjects: ['halfway.orders.>'], max_age: 3_600_000_000_000 });
    const refused = await m.apply({ runId, stack: 'halfway', digest, planHash: hash, spec });
    expect(refused).toMatchObject({ outcome: 'failed', reason: expect.stringContaining(`the apply of plan ${hash} started at ${interrupted.started_at} was interrupted and the server does not match the declaration yet: plan again`) });
    await expect(m.mesh.jsm.consumers.info('HALFWAY_ORDERS', 'billing')).rejects.toThrow(/consumer not found/); // nothing applied

    await m.mesh.jsm.consumers.add('HALFWAY_ORDERS', { durable_name: 'billing', ack_policy: AckPolicy.Explicit });
    await m.mesh.js.views.kv('HALFWAY_CONFIG', { history: 3 });
    const completed = await m.apply({ runId, stack: 'halfway', digest, planHash: hash, spec, attempt: 2 });
    expect(completed).toMatchObject({ outcome: 'succeeded', outputs: { applied: ['jetstream: the interrupted apply had completed (the server matches the declaration)'], changelog_sequence: 1 } });
    await m.finishRun(runId, 'halfway', 'succeeded');
  });

  it('refuses a generate-only bundle, and says so', async () => {
    const digest = await m.bundle({ stack: 'genonly', messaging: declaration('GENONLY'), generateOnly: true });
    const { runId, finished } = await m.plan({ stack: 'genonly', digest });
    expect(finished).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('the deployer refuses to plan it') });
    await m.finishRun(runId, 'genonly', 'failed');
  });

  it('applies only for the run holding the lock', async () => {
    const digest = await m.bundle({ stack: 'unheld', messaging: declaration('UNHELD') });
    const { runId, finished } = await m.plan({ stack: 'unheld', digest });
    await m.finishRun(runId, 'unheld', 'rejected');
    await waitFor(async () => (await m.store.lockOf('unheld', 'staging')) === undefined, { timeoutMs: 10_000, message: 'locks released' });
    const refused = await m.apply({ runId, stack: 'unheld', digest, planHash: m.review(finished).hash });
    expect(refused).toMatchObject({ outcome: 'failed', reason: expect.stringContaining(`run ${runId} does not hold the lock of unheld/staging: no run holds it`) });
    await expect(m.mesh.jsm.streams.info('UNHELD_ORDERS')).rejects.toThrow(/stream not found/);
  });

  it('fails verification naming what failed, and writes no attestation', async () => {
    const digest = await m.bundle({ stack: 'nothing', messaging: declaration('NOTHING') });
    const verified = await m.verify({ runId: ulid(), stack: 'nothing', digest });
    expect(verified).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('1 of 1 checks failed: applied configuration (nothing/staging has no applied configuration') });
    expect(await new AttestationStore(m.mesh).verified('staging', digest)).toBe(false);
  });
});
