import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { ChangelogReply, InfrastructureRequest, type InfraPlanReview, type RunStatusView } from '@jetway/contracts';
import { cliRunner } from './cli';
import { startMesh, type Mesh } from './mesh.fixture';

const STACK = 'orders-rollback';
const HOUR = 3600 * 1e9;

/**
 * `jetway rollback <stack> --infra` through the mesh on a real nats-server: a messaging stack
 * applied at version 1 (its stream keeps messages 2 hours) and version 2 (1 hour); the rollback
 * re-publishes version 1's spec from the changelog, and that run goes through the gate like any
 * other — generated (the files checked to be entry 1's), scanned, planned (3600 → 7200), reviewed
 * (by policy: it destroys nothing), applied — so the server keeps messages 2 hours again and the
 * changelog has a third entry restoring the first. A rollback whose files the generators no
 * longer produce (its playbook changed since) fails at generate and applies nothing.
 */
describe('rolling an infrastructure stack back through the gate (jetway rollback --infra)', () => {
  let mesh: Mesh;
  const dir = mkdtempSync(join(tmpdir(), 'jetway-infra-rollback-'));
  const playbook = join(dir, 'site.yml');

  beforeAll(async () => {
    writeFileSync(playbook, '- hosts: all\n  gather_facts: false\n  tasks:\n    - name: the consumer service is told\n      ansible.builtin.debug: { msg: orders_events }\n');
    mesh = await startMesh({ only: ['planner', 'builder', 'scanner', 'deployer'] });
  }, 120_000);
  afterAll(async () => {
    await mesh?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = cliRunner({ nats: () => mesh.nats.url, dir, env: { USER: 'carol' } });
  const version = (maxAgeSeconds: number) =>
    InfrastructureRequest.parse({
      kind: 'infrastructure',
      idempotency_key: `e2e-rollback-${ulid()}`,
      stack: STACK,
      requested_by: 'alice',
      environment_type: 'staging',
      messaging: { managed_prefix: 'orders', streams: [{ name: 'orders_events', subjects: ['orders.events.>'], max_age_seconds: maxAgeSeconds }] },
      configuration: { playbook, inventory: 'localhost,' },
      approval: { approvers: ['alice'], auto_approve: true },
    });
  const watch = (runId: string): Promise<RunStatusView> => mesh.client.watch(runId, () => undefined, 150);
  const step = (run: RunStatusView, id: string) => run.steps.find((s) => s.step_id === id);
  const planOf = (run: RunStatusView) => step(run, 'plan-staging')?.outputs?.['plan'] as InfraPlanReview | undefined;
  const maxAge = async () => (await mesh.services.planner!.mesh.jsm.streams.info('orders_events')).config.max_age;
  const changelog = async () => {
    const reply = ChangelogReply.parse(JSON.parse((await cli(['changelog', STACK, '--env', 'staging', '--json'])).out));
    if (!reply.ok) throw new Error(reply.error);
    return reply.entries;
  };
  const rollback = async (extra: string[] = []) => {
    const result = await cli(['rollback', STACK, '--infra', '--env', 'staging', '--approvers', 'alice', '--auto-approve', '--as', 'bob', ...extra]);
    console.log(`$ jetway rollback ${STACK} --infra --env staging --approvers alice --auto-approve --as bob   (exit ${result.code})\n${result.out}${result.err}`);
    return { ...result, runId: /: run ([0-9A-Z]{26})$/m.exec(result.out)?.[1] };
  };

  it('refuses before anything was applied twice: there is no earlier entry to restore', async () => {
    const first = await watch(await mesh.client.publishRequest(version(7200)));
    expect({ status: first.status, reason: first.reason }).toEqual({ status: 'succeeded' });
    expect(await maxAge()).toBe(2 * HOUR);
    const refused = await rollback();
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`jetway: nothing to roll back to: entry 1 is its only entry in the changelog of ${STACK} in staging`);
    expect(refused.runId).toBeUndefined();
  }, 120_000);

  it('re-applies version 1 after version 2: planned 3600 → 7200, approved by policy, applied, and recorded as restoring entry 1', async () => {
    const second = await watch(await mesh.client.publishRequest(version(3600)));
    expect(second.status).toBe('succeeded');
    expect(await maxAge()).toBe(1 * HOUR);

    const published = await rollback();
    expect(published.code).toBe(0);
    expect(published.out).toContain(`rollback of ${STACK} in staging to changelog entry 1 (applied`);
    expect(published.out).toContain(`watch:   jetway status ${published.runId} --watch`);
    const run = await watch(published.runId ?? '');
    expect({ status: run.status, reason: run.reason }).toEqual({ status: 'succeeded' });
    expect(planOf(run)).toMatchObject({ add: 0, change: 1, destroy: 0, changes: [{ address: 'jetstream.stream.orders_events', action: 'update' }] });
    // What the reviewed plan changes: the server's version 2 setting back to version 1's.
    const planLog = await cli(['logs', run.run_id, '--step', 'plan-staging']);
    console.log(`$ jetway logs ${run.run_id} --step plan-staging\n${planLog.out}`);
    expect(planLog.out).toContain('max_age_seconds 3600 → 7200');
    expect(step(run, 'review-staging')?.outputs).toMatchObject({ approved_by: ['policy:auto'] });
    expect(await maxAge()).toBe(2 * HOUR);

    const entries = await changelog();
    expect(entries.map((e) => e.sequence)).toEqual([3, 2, 1]);
    const [restoring, , first] = entries;
    expect(restoring).toMatchObject({ run_id: run.run_id, digest: first?.digest, approved_by: ['policy:auto'], spec: { requested_by: 'alice', restores: { environment: 'staging', sequence: 1, digest: first?.digest, requested_by: 'bob' } } });
    expect(restoring?.spec?.messaging?.streams[0]?.max_age_seconds).toBe(7200);
    const table = await cli(['changelog', STACK]);
    console.log(`$ jetway changelog ${STACK}   (exit ${table.code})\n${table.out}`);
    expect(table.out).toMatch(/^#3 +staging .* policy:auto +sha256:[0-9a-f]{12}… +rollback to staging #1, asked by bob — 0 added, 1 changed, 0 destroyed: update jetstream\.stream\.orders_events$/m);
  }, 180_000);

  it('fails at generate, applying nothing, when the generators no longer produce the entry’s files', async () => {
    // The playbook is part of the files: changed since entry 2 was applied, entry 2 cannot be restored as it was.
    writeFileSync(playbook, '- hosts: all\n  gather_facts: false\n  tasks:\n    - name: the consumer service is told, differently since\n      ansible.builtin.debug: { msg: orders_events later }\n');
    const published = await rollback();
    expect(published.out).toContain(`rollback of ${STACK} in staging to changelog entry 2 (applied`);
    const run = await watch(published.runId ?? '');
    expect(run.status).toBe('failed');
    console.log(`run ${run.run_id}, step generate: ${step(run, 'generate')?.reason ?? ''}`);
    expect(step(run, 'generate')?.reason).toMatch(/^the generators no longer produce the files of changelog entry 2 of staging \(sha256:[0-9a-f]{12}… then, sha256:[0-9a-f]{12}… now\): a generator, or a file the spec names/);
    expect(step(run, 'plan-staging')?.status ?? 'never started').not.toBe('finished');
    expect(await maxAge()).toBe(2 * HOUR);
    expect((await changelog()).map((e) => e.sequence)).toEqual([3, 2, 1]);
  }, 120_000);
});
