import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { InfrastructureRequest, STREAMS, type InfraPlanReview, type RunStatusView } from '@jetway/contracts';
import { waitFor } from '@jetway/testing';
import { cliRunner } from './cli';
import { startMesh, type Mesh } from './mesh.fixture';

/**
 * Messaging infrastructure for real (seed 000 §6) through the whole mesh: a stack of JetStream
 * streams, a consumer and a KV bucket, plus an Ansible configuration stage run for real on
 * localhost, planned, reviewed, applied and verified on the mesh's own nats-server; a second run
 * plans no change; a stream changed by hand is drift, reported once; a run of the same request
 * (remediation, through the same review) restores it and the drift resolves.
 */
describe('messaging infrastructure through the mesh: create, no change, drift once, remediate', () => {
  let mesh: Mesh;
  const dir = mkdtempSync(join(tmpdir(), 'jetway-infra-messaging-'));
  const target = join(dir, 'target');
  const playbook = join(dir, 'site.yml');

  beforeAll(async () => {
    writeFileSync(
      playbook,
      [
        '- hosts: all',
        '  gather_facts: false',
        '  tasks:',
        '    - name: the consumer service directory',
        `      ansible.builtin.file: { path: "${target}", state: directory, mode: "0755" }`,
        '    - name: the consumer service configuration',
        `      ansible.builtin.copy: { dest: "${target}/orders.conf", content: "stream=orders_events\\n", mode: "0644" }`,
        '',
      ].join('\n'),
    );
    mesh = await startMesh();
  }, 120_000);
  afterAll(async () => {
    await mesh?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = cliRunner({ nats: () => mesh.nats.url, dir });
  const request = () =>
    InfrastructureRequest.parse({
      kind: 'infrastructure',
      idempotency_key: `e2e-messaging-${ulid()}`,
      stack: 'orders-messaging',
      requested_by: 'alice',
      environment_type: 'staging',
      messaging: {
        managed_prefix: 'orders',
        streams: [{ name: 'orders_events', subjects: ['orders.events.>'], max_age_seconds: 7200 }],
        consumers: [{ stream: 'orders_events', name: 'orders_shipping', filter_subject: 'orders.events.placed', max_deliver: 5 }],
        kv: [{ bucket: 'orders_state', history: 2 }],
      },
      configuration: { playbook, inventory: 'localhost,' },
      approval: { approvers: ['alice'], auto_approve: true },
    });
  const step = (run: RunStatusView, id: string) => run.steps.find((s) => s.step_id === id);
  const run = async (): Promise<RunStatusView> => mesh.client.watch(await mesh.client.publishRequest(request()), () => undefined, 150);
  const planOf = (view: RunStatusView) => step(view, 'plan-staging')?.outputs?.['plan'] as InfraPlanReview;
  const driftEvents = async () => (await mesh.services.planner!.mesh.jsm.streams.info(STREAMS.events.name, { subjects_filter: 'jetway.infra.drift.>' })).state.subjects ?? {};

  it('creates the declared objects on the server and configures the host; a second run plans no change', async () => {
    const first = await run();
    expect({ status: first.status, reason: first.reason }).toEqual({ status: 'succeeded' });
    expect(planOf(first)).toMatchObject({ add: 3, change: 0, destroy: 0 });
    expect(planOf(first).configuration.length).toBeGreaterThan(0);
    const jsm = mesh.services.planner!.mesh.jsm;
    expect((await jsm.streams.info('orders_events')).config).toMatchObject({ subjects: ['orders.events.>'], max_age: 7200 * 1e9 });
    expect((await jsm.consumers.info('orders_events', 'orders_shipping')).config).toMatchObject({ filter_subject: 'orders.events.placed', max_deliver: 5 });
    expect((await jsm.streams.info('KV_orders_state')).config.max_msgs_per_subject).toBe(2);
    expect(step(first, 'configure-staging')?.outputs).toMatchObject({ changed_first: 2, changed_second: 0 });
    expect(readFileSync(join(target, 'orders.conf'), 'utf8')).toBe('stream=orders_events\n');
    expect(step(first, 'verify-staging')?.outcome).toBe('succeeded');

    const second = await run();
    expect(second.status).toBe('succeeded');
    expect(planOf(second)).toMatchObject({ add: 0, change: 0, destroy: 0, changes: [] });
    expect(step(second, 'configure-staging')?.outputs).toMatchObject({ changed_first: 0, changed_second: 0 });
  }, 120_000);

  it('reports a stream changed by hand as drift once, and the next reviewed run restores it', async () => {
    const jsm = mesh.services.planner!.mesh.jsm;
    const info = await jsm.streams.info('orders_events');
    await jsm.streams.update('orders_events', { ...info.config, max_age: 3600 * 1e9 });

    const drifted = await cli(['drift', 'orders-messaging']);
    console.log(`$ jetway drift orders-messaging   (exit ${drifted.code})\n${drifted.out}`);
    expect(drifted.code).toBe(3);
    expect(drifted.out).toMatch(/staging\s+drifted: 1 change/);
    // What a plan would change to restore the reviewed configuration: the server's 3600 back to the declared 7200.
    expect(drifted.out).toContain('jetstream.stream.orders_events  update max_age_seconds 3600 → 7200');
    const again = await cli(['drift', 'orders-messaging', '--env', 'staging']);
    expect(again.code).toBe(3);
    expect(await driftEvents()).toEqual({ 'jetway.infra.drift.detected.v1': 1 });
    await waitFor(async () => mesh.slack.received.some((m) => JSON.stringify(m).includes('orders-messaging')), { timeoutMs: 10_000, message: 'the drift to reach Slack' });

    const remediation = await run();
    expect(remediation.status).toBe('succeeded');
    expect(planOf(remediation)).toMatchObject({ add: 0, change: 1, destroy: 0 });
    expect((await jsm.streams.info('orders_events')).config.max_age).toBe(7200 * 1e9);

    const synced = await cli(['drift', 'orders-messaging']);
    console.log(`$ jetway drift orders-messaging   (exit ${synced.code})\n${synced.out}`);
    expect(synced.code).toBe(0);
    expect(synced.out).toMatch(/staging\s+in sync/);
    expect(await driftEvents()).toEqual({ 'jetway.infra.drift.detected.v1': 1, 'jetway.infra.drift.resolved.v1': 1 });
  }, 120_000);
});
