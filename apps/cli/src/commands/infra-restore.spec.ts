import { CliError } from '../client/errors';
import { entryToRestore, restoreRequestOf } from './infra-restore';
import { entry, ordersSpec, rollback } from './infra-restore.testing';

const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof CliError) return `${error.exitCode}: ${error.message}`;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('which changelog entry jetway rollback --infra restores', () => {
  const v1 = entry(1, 'a', ordersSpec(7200));
  const v2 = entry(2, 'b', ordersSpec(3600));

  it('picks the entry before the current one, in any order the entries come', () => {
    expect(entryToRestore([v1, v2], rollback()).sequence).toBe(1);
    expect(entryToRestore([v2, v1, entry(1, 'c', ordersSpec(60), 'production')], rollback()).sequence).toBe(1);
  });

  it('skips earlier entries that applied the current files (a re-run that changed nothing), and undoes a rollback', () => {
    expect(entryToRestore([v1, v2, entry(3, 'b', ordersSpec(3600))], rollback()).sequence).toBe(1);
    const restored = entry(3, 'a', { ...ordersSpec(7200), restores: { environment: 'staging', sequence: 1, digest: v1.digest } });
    expect(entryToRestore([v1, v2, restored], rollback()).sequence).toBe(2);
  });

  it('takes --to, even the current entry (re-applying it repairs drift through review)', () => {
    expect(entryToRestore([v1, v2], rollback({ to: 2 })).sequence).toBe(2);
    expect(refusal(() => entryToRestore([v1, v2], rollback({ to: 7 })))).toBe('1: the changelog of orders in staging has no entry 7: it has entries 1 to 2 (jetway changelog orders --env staging)');
  });

  it('refuses when there is nothing to roll back to, naming why', () => {
    expect(refusal(() => entryToRestore([], rollback()))).toBe('1: stack orders has no changelog in staging: nothing was applied there, so there is nothing to roll back (jetway changelog orders)');
    expect(refusal(() => entryToRestore([v1, entry(1, 'c', ordersSpec(1), 'production')], rollback()))).toBe('1: nothing to roll back to: entry 1 is its only entry in the changelog of orders in staging (jetway changelog orders --env staging)');
    expect(refusal(() => entryToRestore([entry(1, 'b', ordersSpec(1)), v2], rollback()))).toContain('nothing to roll back to: no entry before 2 applied other files than it (sha256:bbbbbbbbbbbb…)');
  });

  it('refuses an entry written before entries recorded their spec', () => {
    expect(refusal(() => entryToRestore([entry(1, 'a', undefined), v2], rollback()))).toBe(
      '1: changelog entry 1 of orders in staging was written before entries recorded the spec they applied, so it cannot be re-applied: name a later entry with --to (jetway changelog orders --env staging), or publish the request you want (jetway publish <file>)',
    );
  });

  it('refuses a staging entry of a production run, which would apply production too', () => {
    const entries = [entry(1, 'a', ordersSpec(7200, 'production')), entry(2, 'b', ordersSpec(3600, 'production'))];
    expect(refusal(() => entryToRestore(entries, rollback()))).toBe(
      '1: changelog entry 1 of staging was applied by a run of environment_type production (staging then production): re-applying it would apply production too — roll back production instead (jetway rollback orders --infra --env production), which restores staging and production',
    );
    expect(entryToRestore(entries.map((e) => ({ ...e, environment: 'production' as const })), rollback({ environment: 'production' })).sequence).toBe(1);
  });
});

describe('the request a rollback publishes', () => {
  it('is the entry’s spec with restores set, a new key and the approval given; requested_by stays the entry’s', () => {
    const restorable = entryToRestore([entry(1, 'a', ordersSpec(7200)), entry(2, 'b', ordersSpec(3600))], rollback());
    const request = restoreRequestOf(restorable, rollback({ approvers: ['alice', 'bob'], autoApprove: false }), 'bob', 'infra-rollback-orders-1');
    expect(request).toMatchObject({
      kind: 'infrastructure',
      idempotency_key: 'infra-rollback-orders-1',
      stack: 'orders',
      requested_by: 'alice',
      environment_type: 'staging',
      messaging: { streams: [{ name: 'orders_events', max_age_seconds: 7200 }] },
      restores: { environment: 'staging', sequence: 1, digest: `sha256:${'a'.repeat(64)}`, requested_by: 'bob' },
      approval: { approvers: ['alice', 'bob'], auto_approve: false },
    });
  });

  it('replaces the restores of an entry that was itself a rollback', () => {
    const spec = { ...ordersSpec(7200), restores: { environment: 'staging' as const, sequence: 1, digest: `sha256:${'a'.repeat(64)}` } };
    const request = restoreRequestOf({ ...entry(3, 'a', spec), spec }, rollback(), 'carol', 'infra-rollback-orders-3');
    expect(request.restores).toEqual({ environment: 'staging', sequence: 3, digest: `sha256:${'a'.repeat(64)}`, requested_by: 'carol' });
  });
});
