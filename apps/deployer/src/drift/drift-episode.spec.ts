import { DriftEvent } from '@jetway/contracts';
import { decideDrift, driftEventId, type DriftCheck, type DriftState } from './drift-episode';

const RUN = '01J9Z8X7W6V5T4S3R2Q1P0N9M8';
const facts = (checkedAt: string) => ({ stack: 'orders', environment: 'staging' as const, appliedByRun: RUN, checkedAt });
const inSync: DriftCheck = { status: 'in_sync', detail: 'no change' };
const drifted = (action = 'update max_age_seconds 7200 → 3600'): DriftCheck => ({ status: 'drifted', changes: [{ address: 'jetstream.stream.ORDERS', action }], detail: '1 change' });

/** Runs checks one after another as the scheduler does, carrying the state along. */
function run(checks: DriftCheck[], start?: DriftState) {
  let state = start;
  return checks.map((check, i) => {
    const decision = decideDrift(state, check, facts(`2026-01-01T00:0${i}:00Z`));
    state = decision.state ?? state;
    return decision;
  });
}

describe('decideDrift (one incident per stack and episode)', () => {
  it('keeps a stack that was never checked and is in sync at episode 0, publishing nothing', () => {
    const [first] = run([inSync]);
    expect(first?.publish).toBeUndefined();
    expect(first?.state).toMatchObject({ status: 'in_sync', episode: 0, changes: [] });
    expect(first?.result).toMatchObject({ environment: 'staging', status: 'in_sync', episode: 0, detail: 'no change' });
  });

  it('publishes drift.detected once when a stack in sync drifts, nothing while it stays drifted, drift.resolved when back in sync', () => {
    const decisions = run([inSync, drifted(), drifted(), drifted('update max_age_seconds 60 → 3600'), inSync, inSync]);
    expect(decisions.map((d) => d.publish?.id ?? '-')).toEqual(['-', 'drift-orders-staging-1-detected', '-', '-', 'drift-orders-staging-1-resolved', '-']);
    expect(decisions.map((d) => d.result.status)).toEqual(['in_sync', 'drifted', 'drifted', 'drifted', 'in_sync', 'in_sync']);
    // Still drifted: the state keeps the latest changes and the time the episode began.
    expect(decisions[3]?.state).toMatchObject({ status: 'drifted', episode: 1, since: '2026-01-01T00:01:00Z', changes: [{ action: 'update max_age_seconds 60 → 3600' }] });
    const detected = decisions[1]?.publish;
    expect(detected?.subject).toBe('jetway.infra.drift.detected.v1');
    expect(DriftEvent.parse(detected?.event)).toEqual({
      stack: 'orders', environment: 'staging', episode: 1, applied_by_run: RUN, checked_at: '2026-01-01T00:01:00Z',
      changes: [{ address: 'jetstream.stream.ORDERS', action: 'update max_age_seconds 7200 → 3600' }],
    });
    expect(decisions[4]?.publish).toMatchObject({ subject: 'jetway.infra.drift.resolved.v1', event: { episode: 1, changes: [] } });
  });

  it('opens a new episode (new event id) for the next drift after a resolve', () => {
    const decisions = run([drifted(), inSync, drifted(), inSync]);
    expect(decisions.map((d) => d.publish?.id)).toEqual([
      'drift-orders-staging-1-detected', 'drift-orders-staging-1-resolved', 'drift-orders-staging-2-detected', 'drift-orders-staging-2-resolved',
    ]);
  });

  it('changes nothing when the check could not run, and says why, whether the stack was in sync or drifted', () => {
    const unknown: DriftCheck = { status: 'unknown', why: 'terraform is not on PATH' };
    const [, whileDrifted, after] = run([drifted(), unknown, drifted()]);
    expect(whileDrifted?.state).toBeUndefined();
    expect(whileDrifted?.publish).toBeUndefined();
    expect(whileDrifted?.result).toMatchObject({ status: 'unknown', detail: 'terraform is not on PATH', episode: 1, changes: [] });
    // The unknown check did not close the episode: the next drift is the same incident.
    expect(after?.publish).toBeUndefined();
    const [first] = run([unknown]);
    expect(first?.result).toMatchObject({ status: 'unknown', episode: 0 });
  });

  it('decides the same for the same state and check, so a repeat publishes the same event id', () => {
    const before: DriftState = { stack: 'orders', environment: 'staging', status: 'in_sync', episode: 3, changes: [], since: '2026-01-01T00:00:00Z', checked_at: '2026-01-01T00:00:00Z' };
    const a = decideDrift(before, drifted(), facts('2026-01-02T00:00:00Z'));
    const b = decideDrift(before, drifted(), facts('2026-01-02T00:05:00Z'));
    expect([a.publish?.id, b.publish?.id]).toEqual([driftEventId('orders', 'staging', 4, 'detected'), 'drift-orders-staging-4-detected']);
  });

  it('caps the changes at the contract limit of 200', () => {
    const many: DriftCheck = { status: 'drifted', detail: 'many', changes: Array.from({ length: 250 }, (_, i) => ({ address: `aws_s3_bucket.b${i}`, action: 'update' })) };
    const [decision] = run([many]);
    expect(decision?.publish?.event.changes).toHaveLength(200);
    expect(() => DriftEvent.parse(decision?.publish?.event)).not.toThrow();
  });
});
