import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nanos, type StreamConfig } from 'nats';
import { ulid } from 'ulid';
import { DriftCheckReply, InfrastructureSpec, parseMessaging, queries, STREAMS, type EnvironmentType } from '@jetway/contracts';
import { Mesh, requestReply, type ServiceHandle } from '@jetway/messaging';
import { startNats, waitFor, type NatsFixture } from '@jetway/testing';
import { applyMessaging, planMessaging, readActual } from '../iac/jetstream';
import { loadDeployerConfig, startDeployer } from '../index';
import { InfraStackStore } from '../infrastructure';
import { KvDriftStates } from './nats-drift.driver';

// Drift of a messaging stack on a real nats-server, through the deployer as `npm start` runs it:
// the stack is applied for real (JetStream), changed by hand, and `jetway.query.infra-drift.v1`
// and the stack's 1 s drift schedule find it; one drift.detected per episode, drift.resolved once
// it is back in sync. The report lines are printed: the closing note quotes them.

const declaration = parseMessaging({
  managed_prefix: 'ledger',
  streams: [{ name: 'LEDGER', subjects: ['ledger.>'], max_age_seconds: 3600, max_msgs: 10_000 }],
  consumers: [{ stream: 'LEDGER', name: 'auditor', max_deliver: 5 }],
});
const spec = InfrastructureSpec.parse({
  stack: 'ledger', requested_by: 'ana', environment_type: 'staging', compliance_requirements: [], iac_tool: 'terraform',
  messaging: declaration, drift: { interval_seconds: 1 },
});
const DETECTED = 'jetway.infra.drift.detected.v1';
const RESOLVED = 'jetway.infra.drift.resolved.v1';

/** `jetway drift`'s exit status for the reply: 3 drifted, 1 could not check, 0 in sync. */
const exitOf = (reply: DriftCheckReply) => (!reply.ok ? 1 : reply.results.some((r) => r.status === 'drifted') ? 3 : reply.results.some((r) => r.status === 'unknown') ? 1 : 0);

/** A reply laid out as `jetway drift` prints it (apps/cli render-drift.ts, without colours). */
function report(reply: DriftCheckReply): string {
  if (!reply.ok) return `jetway: ${reply.error}`;
  const width = Math.max(...reply.results.map((r) => r.environment.length));
  const lines = [`Stack ${reply.stack}`];
  for (const r of reply.results) {
    const count = `${r.changes.length} change${r.changes.length === 1 ? '' : 's'}`;
    const status = r.status === 'in_sync' ? 'in sync' : r.status === 'unknown' ? `unknown: ${r.detail ?? ''}` : `drifted: ${count}${r.episode ? ` (drift episode ${r.episode})` : ''}`;
    lines.push(`${r.environment.padEnd(width)}  ${status}`);
    const addressWidth = Math.max(0, ...r.changes.map((c) => c.address.length));
    lines.push(...r.changes.map((c) => `  ${c.address.padEnd(addressWidth)}  ${c.action}`));
    if (r.detail && r.status !== 'unknown') lines.push(`  ${r.detail}`);
  }
  if (exitOf(reply) === 3) lines.push('', "Remediation: re-run the stack's infrastructure request; the plan goes through review (jetway publish <request> --watch).");
  return lines.join('\n');
}

describe('drift detection of a messaging stack (int, real nats-server, the deployer service)', () => {
  let nats: NatsFixture;
  let mesh: Mesh;
  let dir: string;
  let deployer: ServiceHandle | undefined;
  const runId = ulid();

  beforeAll(async () => {
    nats = await startNats();
    mesh = await Mesh.connect({ servers: nats.url, name: 'drift-int-spec' });
    dir = await mkdtemp(join(tmpdir(), 'jetway-drift-int-'));
    // The stack as an infra-apply leaves it: the JetStream objects exist, the stack store has its record.
    const plan = planMessaging(declaration, await readActual(mesh.jsm, { prefix: 'ledger' }));
    await applyMessaging(mesh.jsm, plan, plan.hash);
    await InfraStackStore.of(mesh).putStack({ stack: 'ledger', environment: 'staging', digest: `sha256:${'c'.repeat(64)}`, plan_hash: plan.hash.slice(7), spec, run_id: runId, applied_at: new Date().toISOString(), sequence: 1 });
    deployer = await start();
  });
  afterAll(async () => {
    await deployer?.stop();
    await mesh?.drain();
    await nats?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  function start(): Promise<ServiceHandle> {
    return startDeployer(loadDeployerConfig({ JETWAY_NATS_URL: nats.url, JETWAY_LOG_LEVEL: 'error', JETWAY_DEPLOYER_RUNTIME: 'noop', JETWAY_ROUTER_PORT: '0', JETWAY_DEPLOYER_DATA_DIR: dir }));
  }

  async function drift(environment?: EnvironmentType): Promise<DriftCheckReply> {
    const reply = await requestReply(mesh.nc, queries.infraDrift, { stack: 'ledger', ...(environment && { environment }) }, DriftCheckReply, 15_000);
    console.log(`$ jetway drift ledger${environment ? ` --env ${environment}` : ''}   (exit ${exitOf(reply)})\n${report(reply)}`);
    return reply;
  }

  /** Drift events JetStream stored, by subject (duplicates were dropped on the way in). */
  async function stored(): Promise<Record<string, number>> {
    const info = await mesh.jsm.streams.info(STREAMS.events.name, { subjects_filter: 'jetway.infra.drift.>' });
    return { ...info.state.subjects };
  }

  /** Changes the stream by hand, as an operator with the nats CLI would. */
  const edit = async (change: Partial<StreamConfig>) => {
    const { config } = await mesh.jsm.streams.info('LEDGER');
    await mesh.jsm.streams.update('LEDGER', { ...config, ...change });
  };
  const maxAge = (seconds: number) => edit({ max_age: nanos(seconds * 1000) });
  const state = () => new KvDriftStates(mesh.kv('infra')).read('ledger', 'staging');

  it('answers in sync for a stack as it was applied', async () => {
    const reply = await drift();
    expect(reply).toMatchObject({ ok: true, stack: 'ledger', results: [{ environment: 'staging', status: 'in_sync', changes: [], episode: 0 }] });
    expect(await stored()).toEqual({});
  });

  it('reports a stream changed by hand as drifted, naming the setting that differs, and publishes drift.detected once', async () => {
    await maxAge(7200);
    const reply = await drift('staging');
    expect(reply).toMatchObject({ ok: true, results: [{ status: 'drifted', episode: 1, changes: [{ address: 'jetstream.stream.LEDGER', action: 'update max_age_seconds 7200 → 3600' }] }] });
    expect(await stored()).toEqual({ [DETECTED]: 1 });
  });

  it('stays one incident while the stack stays drifted: scheduled checks and another query publish nothing more', async () => {
    const first = (await state())?.value.checked_at ?? '';
    // Two scheduled checks (1 s apart) since the query.
    let seen = 0;
    let last = first;
    await waitFor(async () => {
      const now = (await state())?.value.checked_at ?? '';
      if (now !== last) [seen, last] = [seen + 1, now];
      return seen >= 2;
    }, { timeoutMs: 10_000, message: 'two scheduled drift checks' });
    expect((await state())?.value).toMatchObject({ status: 'drifted', episode: 1 });
    expect(await drift()).toMatchObject({ ok: true, results: [{ status: 'drifted', episode: 1 }] });
    expect(await stored()).toEqual({ [DETECTED]: 1 });
  });

  it('publishes drift.resolved once the stream is restored by hand (found by the schedule), and answers in sync again', async () => {
    await maxAge(3600);
    await waitFor(async () => (await stored())[RESOLVED] === 1, { timeoutMs: 10_000, message: 'drift.resolved from the schedule' });
    const event = await mesh.jsm.streams.getMessage(STREAMS.events.name, { last_by_subj: RESOLVED });
    expect(event.json()).toMatchObject({ stack: 'ledger', environment: 'staging', episode: 1, changes: [], applied_by_run: runId });
    expect(event.header.get('Nats-Msg-Id')).toBe('drift-ledger-staging-1-resolved');
    expect(await drift()).toMatchObject({ ok: true, results: [{ status: 'in_sync', episode: 1 }] });
    expect(await stored()).toEqual({ [DETECTED]: 1, [RESOLVED]: 1 });
    console.log(`drift events stored in JETWAY_EVENTS: ${JSON.stringify(await stored())}`);
  });

  it('schedules again from the stack records after a deployer restart: a new drift is episode 2', async () => {
    await deployer?.stop();
    deployer = await start();
    await edit({ max_msgs: 500 });
    await waitFor(async () => (await stored())[DETECTED] === 2, { timeoutMs: 10_000, message: 'drift.detected of episode 2 from the restarted schedule' });
    const event = await mesh.jsm.streams.getMessage(STREAMS.events.name, { last_by_subj: DETECTED });
    expect(event.header.get('Nats-Msg-Id')).toBe('drift-ledger-staging-2-detected');
    expect(event.json()).toMatchObject({ episode: 2, changes: [{ address: 'jetstream.stream.LEDGER', action: 'update max_msgs 500 → 10000' }] });
    await drift();
    console.log(`drift events stored in JETWAY_EVENTS: ${JSON.stringify(await stored())}`);
  });

  it('does not check a stack a run holds (planning or applying it): unknown, naming the run, nothing published', async () => {
    const store = InfraStackStore.of(mesh);
    const holder = ulid();
    await store.tryLock({ stack: 'ledger', environment: 'staging', run_id: holder, requested_by: 'ana', since: new Date().toISOString() });
    const before = await stored();
    const reply = await drift();
    expect(reply).toMatchObject({ ok: true, results: [{ status: 'unknown', episode: 2, detail: `run ${holder} holds ledger in staging (planning or applying it): checked once it lets go` }] });
    await store.unlock('ledger', 'staging', holder);
    expect(await drift()).toMatchObject({ ok: true, results: [{ status: 'drifted', episode: 2 }] });
    expect(await stored()).toEqual(before);
  });

  it('answers an error for a stack that was never applied, and for a query that does not parse', async () => {
    expect(await requestReply(mesh.nc, queries.infraDrift, { stack: 'nowhere' }, DriftCheckReply)).toEqual({
      ok: false,
      error: 'stack nowhere has no applied configuration to compare with: drift is checked once an infrastructure run applied it',
    });
    const bad = await requestReply(mesh.nc, queries.infraDrift, { stack: 'ledger', environment: 'qa' }, DriftCheckReply);
    expect(bad.ok).toBe(false);
    expect(JSON.stringify(bad)).toContain('environment');
  });
});
