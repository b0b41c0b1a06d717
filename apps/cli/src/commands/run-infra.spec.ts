import type { ChangelogReply, PipelineRequest } from '@jetway/contracts';
import { CliError } from '../client/errors';
import { entry, ordersSpec, rollback } from './infra-restore.testing';
import { runChangelog, runInfraRollback } from './run-infra';

const RUN = '01J9Z8X7W6V5T4S3R2Q1P0N9ZZ';

/** The mesh's side: the deployer answers the changelog as told, the planner takes requests; both keep what they were given. */
function mesh(reply: ChangelogReply) {
  const asked: unknown[] = [];
  const published: PipelineRequest[] = [];
  return {
    asked,
    published,
    changelog: async (query: unknown) => (asked.push(query), reply),
    publishRequest: async (request: PipelineRequest) => (published.push(request), RUN),
  };
}

describe('jetway changelog and rollback --infra (against the mesh’s answers)', () => {
  const out: string[] = [];
  const io = { out: (text: string) => out.push(text), render: { color: false }, operator: 'carol' };
  beforeEach(() => (out.length = 0));
  const history: ChangelogReply = { ok: true, stack: 'orders', entries: [entry(2, 'b', ordersSpec(3600)), entry(1, 'a', ordersSpec(7200))] };

  it('changelog prints the entries as a table (exit 0), or the deployer’s reply with --json', async () => {
    const client = mesh(history);
    expect(await runChangelog({ command: 'changelog', stack: 'orders', environment: 'staging', limit: 5, json: false }, client, io)).toBe(0);
    expect(client.asked).toEqual([{ stack: 'orders', environment: 'staging', limit: 5 }]);
    expect(out.join('').split('\n')[1]).toMatch(/^#2 {3}staging {2}2026-01-02 10:00:00 {2}01J9Z8X7W6V5T4S3R2Q1P0N9M2 {2}policy:auto {2}sha256:bbbbbbbbbbbb… {2}0 added, 1 changed/);
    out.length = 0;
    expect(await runChangelog({ command: 'changelog', stack: 'orders', limit: 50, json: true }, client, io)).toBe(0);
    expect(JSON.parse(out.join(''))).toEqual(JSON.parse(JSON.stringify(history)));
  });

  it('changelog fails (exit 1) with the deployer’s reason', async () => {
    const refused = mesh({ ok: false, error: 'cannot read the changelog of stack orders: bucket not found' });
    await expect(runChangelog({ command: 'changelog', stack: 'orders', limit: 50, json: false }, refused, io)).rejects.toEqual(new CliError('cannot read the changelog of stack orders: bucket not found'));
    expect(await runChangelog({ command: 'changelog', stack: 'orders', limit: 50, json: true }, refused, io)).toBe(1);
  });

  it('rollback reads the whole changelog of the environment, publishes the earlier entry’s spec with restores, and says how to follow it', async () => {
    const client = mesh(history);
    expect(await runInfraRollback(rollback(), client, io)).toBe(0);
    expect(client.asked).toEqual([{ stack: 'orders', environment: 'staging', limit: 1000 }]);
    expect(client.published).toHaveLength(1);
    expect(client.published[0]).toMatchObject({ kind: 'infrastructure', idempotency_key: expect.stringMatching(/^infra-rollback-orders-staging-1-[0-9A-Z]{26}$/), restores: { sequence: 1, requested_by: 'carol' } });
    const text = out.join('');
    expect(text).toContain(`rollback of orders in staging to changelog entry 1 (applied 2026-01-01T10:00:00.000Z by run 01J9Z8X7W6V5T4S3R2Q1P0N9M1, files sha256:aaaaaaaaaaaa…), asked by carol: run ${RUN}`);
    expect(text).toContain("generate (the files must still be entry 1's), scan, plan, review (alice reviews its plan, or policy approves it if it destroys nothing), apply");
    expect(text).toContain(`watch:   jetway status ${RUN} --watch`);
    expect(text).toContain(`approve: jetway approve ${RUN} --as <approver> --plan <hash>`);
  });

  it('rollback --json prints the run and what it restores; a refusal publishes nothing', async () => {
    const client = mesh(history);
    expect(await runInfraRollback(rollback({ json: true, as: 'dave', idempotencyKey: 'undo-orders-v2' }), client, io)).toBe(0);
    expect(JSON.parse(out.join(''))).toEqual({
      run_id: RUN, stack: 'orders', environment: 'staging',
      restores: { environment: 'staging', sequence: 1, digest: `sha256:${'a'.repeat(64)}`, requested_by: 'dave' },
      approval: { approvers: ['alice'], auto_approve: true },
    });
    expect(client.published[0]?.idempotency_key).toBe('undo-orders-v2');
    const empty = mesh({ ok: true, stack: 'orders', entries: [] });
    await expect(runInfraRollback(rollback(), empty, io)).rejects.toBeInstanceOf(CliError);
    expect(empty.published).toEqual([]);
  });
});
