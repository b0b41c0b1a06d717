import type { DriftCheckQuery, DriftCheckReply } from '@jetway/contracts';
import { CliError } from '../client/errors';
import { runDrift } from './run-drift';

const at = '2026-01-01T00:00:00Z';

/** The deployer's side of the query, answering as told and keeping what it was asked. */
function deployer(reply: DriftCheckReply) {
  const asked: DriftCheckQuery[] = [];
  return { asked, drift: async (query: DriftCheckQuery) => (asked.push(query), reply) };
}

describe('runDrift', () => {
  const out: string[] = [];
  const io = { out: (text: string) => out.push(text), render: { color: false } };
  beforeEach(() => (out.length = 0));

  it('asks for the stack (and environment) and exits 3 when it drifted', async () => {
    const client = deployer({ ok: true, stack: 'ledger', results: [{ environment: 'staging', status: 'drifted', episode: 1, checked_at: at, changes: [{ address: 'jetstream.stream.LEDGER', action: 'update max_age_seconds 7200 → 3600' }] }] });
    expect(await runDrift({ command: 'drift', stack: 'ledger', environment: 'staging', json: false }, client, io)).toBe(3);
    expect(client.asked).toEqual([{ stack: 'ledger', environment: 'staging' }]);
    expect(out.join('')).toContain('staging  drifted: 1 change (drift episode 1)\n  jetstream.stream.LEDGER  update max_age_seconds 7200 → 3600');
  });

  it('exits 0 in sync, printing JSON with --json', async () => {
    const answer: DriftCheckReply = { ok: true, stack: 'ledger', results: [{ environment: 'staging', status: 'in_sync', changes: [], checked_at: at }] };
    expect(await runDrift({ command: 'drift', stack: 'ledger', json: true }, deployer(answer), io)).toBe(0);
    expect(JSON.parse(out.join(''))).toEqual(answer);
  });

  it('fails (exit 1) with the deployer’s reason when it could not check', async () => {
    const refusal: DriftCheckReply = { ok: false, error: 'stack nowhere has no applied configuration to compare with' };
    await expect(runDrift({ command: 'drift', stack: 'nowhere', json: false }, deployer(refusal), io)).rejects.toEqual(new CliError('stack nowhere has no applied configuration to compare with'));
    expect(await runDrift({ command: 'drift', stack: 'nowhere', json: true }, deployer(refusal), io)).toBe(1);
  });
});
