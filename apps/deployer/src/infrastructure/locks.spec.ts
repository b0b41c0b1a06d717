import { acquireLocks, ago, LockHeldError, LockNotHeldError, releaseRunLocks, requireLock, type LockStore } from './locks';
import type { StackLock } from './stack-records';

// The locking rules over an in-memory lock table (the real store's create()-based locks are
// exercised on a real nats-server in stack-store.int-spec.ts and infra-steps.int-spec.ts).

class MemoryLocks implements LockStore {
  readonly held = new Map<string, StackLock>();
  readonly calls: string[] = [];

  async tryLock(lock: StackLock) {
    this.calls.push(`lock ${lock.environment}`);
    const current = this.held.get(lock.environment);
    if (!current) {
      this.held.set(lock.environment, lock);
      return { taken: true as const, already: false };
    }
    return current.run_id === lock.run_id ? { taken: true as const, already: true } : { taken: false as const, holder: current };
  }
  async unlock(_stack: string, environment: string, runId: string) {
    this.calls.push(`unlock ${environment}`);
    if (this.held.get(environment)?.run_id !== runId) return false;
    return this.held.delete(environment);
  }
  async allLocks() {
    return [...this.held.values()];
  }
  async lockOf(_stack: string, environment: string) {
    return this.held.get(environment);
  }
}

const NOW = new Date('2026-03-01T12:05:00Z');
const RUN_A = '01HZX3K9V7Q8R2T4W6Y8A0C2EA';
const RUN_B = '01HZX3K9V7Q8R2T4W6Y8A0C2EB';
const request = (run_id: string, environments: ('staging' | 'production')[]) => ({ stack: 'shop', environments, run_id, requested_by: run_id === RUN_A ? 'alice' : 'bob', now: NOW });

describe('acquireLocks', () => {
  it('takes every environment before anything else, and a run may take its own locks again', async () => {
    const store = new MemoryLocks();
    expect(await acquireLocks(store, request(RUN_A, ['staging', 'production']))).toEqual(['staging', 'production']);
    expect(await acquireLocks(store, request(RUN_A, ['staging', 'production', 'staging']))).toEqual([]);
    expect([...store.held.values()].map((l) => [l.environment, l.run_id, l.requested_by, l.since])).toEqual([
      ['staging', RUN_A, 'alice', NOW.toISOString()],
      ['production', RUN_A, 'alice', NOW.toISOString()],
    ]);
  });

  it('is all or none: a lock another run holds releases what this call took and names the holder, who asked and since when', async () => {
    const store = new MemoryLocks();
    store.held.set('production', { stack: 'shop', environment: 'production', run_id: RUN_A, requested_by: 'alice', since: '2026-03-01T12:02:00Z' });
    const error = await acquireLocks(store, request(RUN_B, ['staging', 'production'])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockHeldError);
    expect((error as Error).message).toBe(
      `stack shop/production is locked by run ${RUN_A} (requested by alice, since 2026-03-01T12:02:00Z, 3 min ago): nothing was planned — ` +
        `wait for that run to end (jetway status ${RUN_A}) or reject it, then run again`,
    );
    expect(store.held.has('staging')).toBe(false); // the lock it had taken is free again
    expect(store.calls).toEqual(['lock staging', 'lock production', 'unlock staging']);
  });
});

describe('releaseRunLocks and requireLock', () => {
  it('releases exactly the locks of the run that ended', async () => {
    const store = new MemoryLocks();
    await acquireLocks(store, { ...request(RUN_A, ['staging']) });
    store.held.set('production', { stack: 'shop', environment: 'production', run_id: RUN_B, requested_by: 'bob', since: NOW.toISOString() });
    expect((await releaseRunLocks(store, RUN_A)).map((l) => l.environment)).toEqual(['staging']);
    expect([...store.held.keys()]).toEqual(['production']);
    expect(await releaseRunLocks(store, RUN_A)).toEqual([]);
  });

  it('lets only the holder apply, naming who holds it otherwise', async () => {
    const store = new MemoryLocks();
    await acquireLocks(store, request(RUN_A, ['staging']));
    await expect(requireLock(store, 'shop', 'staging', RUN_A, 'applied')).resolves.toBeUndefined();
    await expect(requireLock(store, 'shop', 'staging', RUN_B, 'applied')).rejects.toThrow(new LockNotHeldError('shop', 'staging', RUN_B, store.held.get('staging'), 'applied'));
    await expect(requireLock(store, 'shop', 'production', RUN_A, 'applied')).rejects.toThrow('no run holds it (the run that took it ended) — nothing was applied; plan again in a new run');
  });
});

describe('ago', () => {
  it.each([
    [5_000, '5 s ago'],
    [180_000, '3 min ago'],
    [3 * 3_600_000, '3 h ago'],
    [-1_000, '0 s ago'],
  ])('%d ms → %s', (elapsed, text) => {
    expect(ago(0, elapsed)).toBe(text);
  });
});
