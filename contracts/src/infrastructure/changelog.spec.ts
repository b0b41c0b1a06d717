import '../plain-errors';
import { ChangelogEntry, ChangelogQuery, ChangelogReply } from './drift.v1';

const entry = {
  sequence: 1,
  stack: 'orders',
  environment: 'staging',
  run_id: '01J9Z8X7W6V5T4S3R2Q1P0N9M8',
  digest: `sha256:${'a'.repeat(64)}`,
  plan_hash: 'b'.repeat(64),
  summary: '1 added, 0 changed, 0 destroyed: create jetstream.stream.orders_events',
  approved_by: ['alice'],
  applied_at: '2026-01-01T00:00:00Z',
};
const spec = { stack: 'orders', requested_by: 'alice', environment_type: 'staging', compliance_requirements: [], iac_tool: 'terraform', messaging: { managed_prefix: 'orders', streams: [{ name: 'orders_events', subjects: ['orders.>'] }] } };

describe('the changelog contracts', () => {
  it('reads an entry written before specs were recorded, and one with its spec', () => {
    expect(ChangelogEntry.parse(entry).spec).toBeUndefined();
    expect(ChangelogEntry.parse({ ...entry, spec }).spec).toMatchObject({ stack: 'orders', messaging: { managed_prefix: 'orders' } });
  });

  it('asks for 50 entries unless told, and at most 1000', () => {
    expect(ChangelogQuery.parse({ stack: 'orders' })).toEqual({ stack: 'orders', limit: 50 });
    expect(ChangelogQuery.safeParse({ stack: 'orders', limit: 1001 }).success).toBe(false);
    expect(ChangelogQuery.safeParse({ stack: 'orders', environment: 'qa' }).success).toBe(false);
  });

  it('answers the entries, or why not', () => {
    expect(ChangelogReply.parse({ ok: true, stack: 'orders', entries: [entry] })).toMatchObject({ ok: true, entries: [{ sequence: 1 }] });
    expect(ChangelogReply.parse({ ok: false, error: 'the stack store cannot be read' })).toEqual({ ok: false, error: 'the stack store cannot be read' });
    expect(ChangelogReply.safeParse({ ok: true, stack: 'orders', entries: [{ ...entry, sequence: 0 }] }).success).toBe(false);
  });
});
