import { describePlan, hashOf, planMessaging, type ActualMessaging } from './messaging-plan';
import { parseMessaging } from '@jetway/contracts';

const declared = parseMessaging({
  managed_prefix: 'orders',
  streams: [{ name: 'ORDERS', subjects: ['orders.>'], max_age_seconds: 3600 }],
  consumers: [{ stream: 'ORDERS', name: 'billing', filter_subject: 'orders.created' }],
  kv: [{ bucket: 'orders-cache', history: 5 }],
});
const inSync: ActualMessaging = { streams: declared.streams, consumers: declared.consumers, kv: declared.kv };
const mesh = parseMessaging({ managed_prefix: 'xx', streams: [{ name: 'XX', subjects: ['jetway.>'] }] }).streams.map((s) => ({ ...s, name: 'JETWAY_EVENTS' }));

describe('planMessaging', () => {
  it('creates everything on an empty server, streams first', () => {
    const plan = planMessaging(declared, { streams: [], consumers: [], kv: [] });
    expect(plan.changes.map((c) => `${c.action} ${c.kind} ${c.name}`)).toEqual(['create stream ORDERS', 'create consumer ORDERS/billing', 'create kv orders-cache']);
    expect(plan.inSync).toBe(false);
  });

  it('is all no-op when the server matches, and never mentions streams outside the scope', () => {
    const plan = planMessaging(declared, { ...inSync, streams: [...inSync.streams, ...mesh] });
    expect(plan.inSync).toBe(true);
    expect(plan.changes.map((c) => c.name)).not.toContain('JETWAY_EVENTS');
    expect(describePlan(plan)).toMatch(/^in sync: 1 streams, 1 consumers, 1 KV buckets match the declaration/);
  });

  it('reports drift as an update with actual and declared', () => {
    const drifted = { ...inSync, streams: [{ ...declared.streams[0]!, max_age_seconds: 60 }] };
    const plan = planMessaging(declared, drifted);
    expect(plan.changes.filter((c) => c.action !== 'no-op')).toEqual([
      expect.objectContaining({ action: 'update', kind: 'stream', name: 'ORDERS', differences: [{ setting: 'max_age_seconds', actual: 60, declared: 3600 }] }),
    ]);
    expect(describePlan(plan)).toMatch(/^1 change: update stream ORDERS \(max_age_seconds 60 → 3600\)/);
  });

  it('replaces a stream whose storage changed, with its consumers, and says why', () => {
    const plan = planMessaging(declared, { ...inSync, streams: [{ ...declared.streams[0]!, storage: 'memory' }] });
    expect(plan.changes[0]).toMatchObject({ action: 'replace', name: 'ORDERS', reason: expect.stringContaining("cannot change a stream's storage in place") });
    expect(plan.changes[1]).toMatchObject({ action: 'replace', name: 'ORDERS/billing', reason: 'its stream ORDERS is replaced, which deletes its consumers' });
  });

  it("replaces a consumer whose deliver_policy changed; updates one whose ack_wait did", () => {
    const consumer = declared.consumers[0]!;
    expect(planMessaging(declared, { ...inSync, consumers: [{ ...consumer, deliver_policy: 'new' }] }).changes[1]).toMatchObject({ action: 'replace', reason: expect.stringContaining('deliver_policy') });
    expect(planMessaging(declared, { ...inSync, consumers: [{ ...consumer, ack_wait_seconds: 5 }] }).changes[1]).toMatchObject({ action: 'update', differences: [{ setting: 'ack_wait_seconds', actual: 5, declared: 30 }] });
  });

  it('deletes only what the scope owns', () => {
    const extra = { ...declared.streams[0]!, name: 'ORDERS_OLD', subjects: ['old.>'] };
    const plan = planMessaging(declared, { streams: [...inSync.streams, extra, ...mesh], consumers: [...inSync.consumers, { ...declared.consumers[0]!, name: 'gone' }], kv: [...inSync.kv, { ...declared.kv[0]!, bucket: 'payments' }] });
    expect(plan.changes.filter((c) => c.action === 'delete').map((c) => `${c.kind} ${c.name}`)).toEqual(['stream ORDERS_OLD', 'consumer ORDERS/gone']);
  });

  it('hashes the same plan the same way, and a different plan differently', () => {
    const a = planMessaging(declared, { streams: [], consumers: [], kv: [] });
    const b = planMessaging(declared, { streams: [], consumers: [], kv: [] });
    expect(a.hash).toBe(b.hash);
    expect(hashOf(a)).toBe(a.hash);
    expect(planMessaging(declared, inSync).hash).not.toBe(a.hash);
  });
});
