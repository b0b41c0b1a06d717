import type { DriftCheckReply } from '@jetway/contracts';
import { driftExitCode, renderDrift } from './render-drift';

type Answered = Extract<DriftCheckReply, { ok: true }>;
const at = '2026-01-01T00:00:00Z';
const inSync = { environment: 'staging' as const, status: 'in_sync' as const, changes: [], detail: 'terraform: No changes.', episode: 0, checked_at: at };
const drifted = {
  environment: 'production' as const, status: 'drifted' as const, episode: 2, checked_at: at, detail: 'terraform: Plan: 0 to add, 1 to change, 1 to destroy.',
  changes: [{ address: 'aws_instance.web', action: 'update' }, { address: 'jetstream.stream.LEDGER', action: 'update max_age_seconds 7200 → 3600' }],
};
const unknown = { environment: 'dr' as const, status: 'unknown' as const, changes: [], detail: 'terraform: could not check (terraform is not on PATH)', episode: 0, checked_at: at };
const reply = (...results: Answered['results']): Answered => ({ ok: true, stack: 'ledger', results });

describe('renderDrift', () => {
  it('prints each environment: in sync, drifted with each address and action, unknown with why', () => {
    expect(renderDrift(reply(inSync, drifted, unknown), { color: false }).split('\n')).toEqual([
      'Stack ledger',
      'staging     in sync',
      '  terraform: No changes.',
      'production  drifted: 2 changes (drift episode 2)',
      '  aws_instance.web         update',
      '  jetstream.stream.LEDGER  update max_age_seconds 7200 → 3600',
      '  terraform: Plan: 0 to add, 1 to change, 1 to destroy.',
      'dr          unknown: terraform: could not check (terraform is not on PATH)',
      '',
      "Remediation: re-run the stack's infrastructure request; the plan goes through review (jetway publish <request> --watch).",
    ]);
  });

  it('says 1 change, and colours only when asked', () => {
    const one = { ...drifted, changes: drifted.changes.slice(0, 1) };
    expect(renderDrift(reply(one), { color: false })).toContain('production  drifted: 1 change (drift episode 2)');
    expect(renderDrift(reply(one), { color: true })).toContain('\u001b[31mdrifted: 1 change\u001b[0m');
  });

  it('exits 0 in sync, 3 when any environment drifted, 1 when one could not be checked and none drifted', () => {
    expect(driftExitCode(reply(inSync))).toBe(0);
    expect(driftExitCode(reply(inSync, drifted, unknown))).toBe(3);
    expect(driftExitCode(reply(inSync, unknown))).toBe(1);
  });
});
