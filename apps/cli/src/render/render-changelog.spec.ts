import { entry, ordersSpec } from '../commands/infra-restore.testing';
import { renderChangelog } from './render-changelog';

describe('renderChangelog', () => {
  const plain = { color: false };

  it('lays the entries out one a line, a rollback naming the entry it restored, and notes entries without a spec', () => {
    const restored = entry(3, 'a', { ...ordersSpec(7200), restores: { environment: 'staging', sequence: 1, digest: `sha256:${'a'.repeat(64)}`, requested_by: 'bob' } });
    const text = renderChangelog('orders', [restored, entry(2, 'b', ordersSpec(3600)), entry(1, 'a', undefined)], plain);
    expect(text.split('\n')).toEqual([
      'SEQ  ENV      APPLIED (UTC)        RUN                         APPROVED BY  FILES                 PLAN',
      '#3   staging  2026-01-03 10:00:00  01J9Z8X7W6V5T4S3R2Q1P0N9M3  policy:auto  sha256:aaaaaaaaaaaa…  rollback to staging #1, asked by bob — 0 added, 1 changed, 0 destroyed: update jetstream.stream.orders_events',
      '#2   staging  2026-01-02 10:00:00  01J9Z8X7W6V5T4S3R2Q1P0N9M2  policy:auto  sha256:bbbbbbbbbbbb…  0 added, 1 changed, 0 destroyed: update jetstream.stream.orders_events',
      '#1   staging  2026-01-01 10:00:00  01J9Z8X7W6V5T4S3R2Q1P0N9M1  policy:auto  sha256:aaaaaaaaaaaa…  0 added, 1 changed, 0 destroyed: update jetstream.stream.orders_events',
      '',
      '(staging #1: written before entries recorded their spec; jetway rollback --infra cannot re-apply them)',
    ]);
  });

  it('says when there is nothing', () => {
    expect(renderChangelog('orders', [], plain, 'production')).toBe('no changelog entry for stack orders in production: nothing was applied there (each infrastructure apply appends one)');
  });
});
