import { ulid } from 'ulid';
import { Mesh } from '@jetway/messaging';
import { startNats, type NatsFixture } from '@jetway/testing';
import { InfraStackStore } from './stack-store';

// The stack store on a real nats-server: create()-based locks, the changelog's sequence.

describe('InfraStackStore (int, real nats-server)', () => {
  let nats: NatsFixture;
  let mesh: Mesh;
  let store: InfraStackStore;

  beforeAll(async () => {
    nats = await startNats();
    mesh = await Mesh.connect({ servers: nats.url, name: 'stack-store-int-spec' });
    store = InfraStackStore.of(mesh);
  });
  afterAll(async () => {
    await mesh?.drain();
    await nats?.stop();
  });

  const lock = (run_id: string, environment: 'staging' | 'production' = 'staging') => ({ stack: 'shop', environment, run_id, requested_by: 'alice', since: new Date().toISOString() });

  it('gives a lock to one run; the holder may take it again; another run is told who holds it; unlock frees it for the next', async () => {
    const [first, second] = [ulid(), ulid()];
    expect(await store.tryLock(lock(first))).toEqual({ taken: true, already: false });
    expect(await store.tryLock(lock(first))).toEqual({ taken: true, already: true });
    expect(await store.tryLock(lock(second))).toEqual({ taken: false, holder: expect.objectContaining({ run_id: first, requested_by: 'alice' }) });
    expect(await store.unlock('shop', 'staging', second)).toBe(false); // not its lock
    expect(await store.unlock('shop', 'staging', first)).toBe(true);
    expect(await store.lockOf('shop', 'staging')).toBeUndefined();
    expect(await store.tryLock(lock(second))).toEqual({ taken: true, already: false });
    expect((await store.allLocks()).map((l) => l.run_id)).toEqual([second]);
    await store.unlock('shop', 'staging', second);
  });

  it('appends changelog entries in sequence, once per plan hash', async () => {
    const entry = (hash: string) => ({
      stack: 'ledger', environment: 'staging' as const, run_id: ulid(), digest: `sha256:${'a'.repeat(64)}`, plan_hash: hash, summary: 'Plan: 1 to add', approved_by: [], applied_at: new Date().toISOString(),
    });
    expect((await store.appendChangelog(entry('1'.repeat(64)))).sequence).toBe(1);
    expect((await store.appendChangelog(entry('2'.repeat(64)))).sequence).toBe(2);
    expect((await store.appendChangelog(entry('1'.repeat(64)))).sequence).toBe(1); // the same plan: the same entry
    expect((await store.changelog('ledger', 'staging')).map((e) => [e.sequence, e.plan_hash[0]])).toEqual([[1, '1'], [2, '2']]);
    expect(await store.changelog('ledger', 'production')).toEqual([]);
  });
});
