import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { DLQ_HEADERS, STREAMS, type RunStatusView } from '@jetway/contracts';
import { writeNewSeed } from '@jetway/cli';
import { EventPublisher, signDecision } from '@jetway/messaging';
import { waitFor } from '@jetway/testing';
import { getJson } from './http';
import { helloCopy, helloRequest, leakKey, markBroken } from './requests';
import { cliRunner } from './cli';
import { spans, startMesh, type Mesh } from './mesh.fixture';

describe('the deployment pipeline across all six services', () => {
  let mesh: Mesh;
  /** A state dir holding approvers' seeds, as `npm start` keeps them in .jetway/approvers. */
  const keysDir = mkdtempSync(join(tmpdir(), 'jetway-keys-'));
  /** The monitor-configurator's stack directory: no stack runs, so the monitor steps write their bundles here. */
  const stackDir = mkdtempSync(join(tmpdir(), 'jetway-stack-'));

  beforeAll(async () => {
    mesh = await startMesh({ env: { 'monitor-configurator': { JETWAY_STACK_DIR: stackDir } } });
  });
  afterAll(async () => {
    await mesh?.stop();
    rmSync(keysDir, { recursive: true, force: true });
    rmSync(stackDir, { recursive: true, force: true });
  });

  const finish = (runId: string, onChange: (run: RunStatusView) => void = () => undefined) => mesh.client.watch(runId, onChange, 100);
  const cli = cliRunner({ nats: () => mesh.nats.url, dir: keysDir });

  it('builds, scans, deploys, verifies, approves, promotes and monitors, in one trace', async () => {
    spans.reset();
    const request = helloRequest({ target_environments: ['staging', 'production'], approval: { approvers: ['alice'], auto_approve: true } });
    const runId = await mesh.client.publishRequest(request);
    let answered: { status: number; body: Record<string, unknown> } | undefined;
    const run = await finish(runId, (view) => {
      const url = view.urls['production'];
      if (url && !answered) void getJson(url).then((r) => (answered ??= r));
    });

    expect(run.status).toBe('succeeded');
    expect(run.steps.map((s) => `${s.step_id}:${s.outcome}`)).toEqual([
      'build:succeeded', 'scan:succeeded',
      'deploy-staging:succeeded', 'verify-staging:succeeded', 'monitor-staging:succeeded',
      'approve-production:succeeded', 'deploy-production:succeeded', 'verify-production:succeeded', 'monitor-production:succeeded',
    ]);
    const production = run.urls['production'] ?? '';
    const now = await getJson(production);
    expect(now).toMatchObject({ status: 200, body: { service: 'hello-service', version: 'v1' } });

    await waitFor(() => JSON.stringify(mesh.slack.received).includes(runId), { message: 'the Slack post for the run' });

    // Each environment is monitored as a setup of its own; without a stack the bundle is written, and the step says so.
    for (const environment of ['staging', 'production']) {
      const outputs = run.steps.find((s) => s.step_id === `monitor-${environment}`)?.outputs as { setup?: string; applied?: boolean; note?: string; files?: string[] } | undefined;
      expect(outputs).toMatchObject({ setup: `hello-service-${environment}`, applied: false, note: expect.stringMatching(/^not applied: no monitoring stack is configured/) });
      expect(outputs?.files).toContain(join(stackDir, 'setups', `hello-service-${environment}`, 'runbooks', 'hello-service', 'TargetDown.html'));
      expect((outputs?.files ?? []).every((file) => existsSync(file))).toBe(true);
    }

    const traceId = run.trace_id;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const inRun = () => spans.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    // The notifier's span ends when its handler does, after the post has arrived: wait for the span, not just for the post.
    await waitFor(() => inRun().some((s) => s.instrumentationScope.name === 'jetway.notifier'), { message: "the notifier's span in the run's trace" });
    const inTrace = inRun();
    const scopes = new Set(inTrace.map((s) => s.instrumentationScope.name));
    // The trace starts at the CLI's publish and runs through all six services.
    expect([...scopes].sort()).toEqual(
      ['builder', 'cli', 'deployer', 'monitor-configurator', 'notifier', 'planner', 'scanner'].map((s) => `jetway.${s}`),
    );

    // (After the trace check: the CLI below starts telemetry of its own.)
    // Small step logs travel inline in their finished events: no log object is written for the
    // build or either deploy, and `jetway logs` prints the text the run status carries.
    const logs = ['build', 'deploy-staging', 'deploy-production'].map((id) => run.steps.find((s) => s.step_id === id));
    expect(logs.map((s) => [s?.step_id, typeof s?.log, s?.log_object])).toEqual([
      ['build', 'string', undefined],
      ['deploy-staging', 'string', undefined],
      ['deploy-production', 'string', undefined],
    ]);
    const deployLog = await cli(['logs', runId, '--step', 'deploy-staging']);
    expect(deployLog).toMatchObject({ code: 0, out: logs[1]?.log });
    expect(deployLog.out).toMatch(/^deploy hello-service\/staging sha256:[0-9a-f]{64}: succeeded\n/);
  });

  it('holds production until an allowed approver approves', async () => {
    const runId = await mesh.client.publishRequest(helloRequest({ target_environments: ['staging', 'production'] }));
    const waiting = await waitFor(async () => {
      const run = await mesh.client.status(runId);
      return run.steps.find((s) => s.step_id === 'approve-production' && s.status === 'waiting_approval') && run;
    }, { timeoutMs: 60_000, message: 'the run to wait for approval' });
    expect(waiting.steps.find((s) => s.step_id === 'deploy-production')?.status).toBe('pending');

    const refused = await cli(['approve', runId, '--as', 'mallory']);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('mallory may not decide approve-production');

    // Typing --as alice without alice's seed gets nowhere: the CLI has nothing to sign with …
    const registry = await mesh.client.approvers();
    await registry.enrol({ name: 'alice', public_key: writeNewSeed(join(keysDir, 'approvers', 'alice.nk')), enrolled_by: 'test', enrolled_at: new Date().toISOString() });
    const noKey = await cli(['approve', runId, '--as', 'alice', '--key', join(keysDir, 'nobody.nk')]);
    expect(noKey.code).toBe(2);
    expect(noKey.err).toContain('no signing key for alice');
    // … and a decision published by hand, unsigned or signed with another key, is refused by the planner.
    const forger = new EventPublisher(mesh.services.planner!.mesh.js, 'test');
    const forged = { run_id: runId, step_id: 'approve-production', decision: 'approved' as const, approver: 'alice' };
    await forger.publish('jetway.approval.decided.v1', forged, { runId, id: `${runId}.forged.1` });
    const mallorySeed = join(keysDir, 'mallory.nk');
    writeNewSeed(mallorySeed);
    const signature = signDecision(readFileSync(mallorySeed, 'utf8'), forged);
    await forger.publish('jetway.approval.decided.v1', { ...forged, signature }, { runId, id: `${runId}.forged.2` });
    const noted = await waitFor(async () => {
      const view = await mesh.client.status(runId);
      return (view.notes ?? []).filter((note) => note.includes('in the name of alice')).length === 2 && view;
    }, { timeoutMs: 10_000, message: 'the planner to refuse both forged decisions' });
    expect(noted.notes).toEqual([
      expect.stringContaining('the decision is not signed'),
      expect.stringContaining('the signature does not verify with the key enrolled for alice'),
    ]);
    expect(noted.steps.find((s) => s.step_id === 'approve-production')?.status).toBe('waiting_approval');

    const approved = await cli(['approve', runId, '--as', 'alice', '--comment', 'looks good']);
    expect(approved).toMatchObject({ code: 0, out: `approved approve-production of run ${runId} as alice (signed)\n` });
    const run = await finish(runId);
    expect(run.status).toBe('succeeded');
    expect(run.steps.find((s) => s.step_id === 'approve-production')?.reason).toBe('approved by alice: looks good');
  });

  it('fails the scan step with its masked findings, in the artifact and its source, and deploys nothing', async () => {
    const request = helloRequest({ artifact_source: { type: 'directory', location: helloCopy(leakKey) } });
    const run = await finish(await mesh.client.publishRequest(request));
    expect(run.status).toBe('failed');
    expect(run.reason).toMatch(/^step scan failed: \d+ findings? at or above high in the build output and its source:\n- critical secret\/aws-access-key-id server\.js:2 \(artifact\)/);
    expect(run.reason).not.toContain('AKIAQ3ZT7WLM2XKD9PRB');
    const scan = run.steps.find((s) => s.step_id === 'scan');
    expect(scan?.outcome).toBe('failed');
    expect(scan?.outputs).toMatchObject({ verdict: 'fail', targets: ['artifact', 'source'] });
    expect(run.steps.find((s) => s.step_id === 'deploy-staging')?.status).toBe('pending');
  });

  it('has the deployer refuse an unscanned digest even when asked directly', async () => {
    const runId = ulid();
    const digest = `sha256:${'0'.repeat(64)}`;
    const nc = mesh.services.deployer!.mesh.nc;
    const finished = nc.subscribe('jetway.step.deploy.finished.v1');
    const publisher = new EventPublisher(mesh.services.planner!.mesh.js, 'test');
    await publisher.publish(
      'jetway.step.deploy.triggered.v1',
      {
        run_id: runId, step_id: 'deploy-staging', attempt: 1, application: 'hello-service', environment: 'staging', digest,
        strategy: 'rolling', platform_config: { run: { command: 'node server.js' } },
      },
      { runId, stepId: 'deploy-staging', attempt: 1 },
    );
    let reply: { run_id: string; outcome: string; reason: string } | undefined;
    for await (const msg of finished) {
      reply = msg.json<{ run_id: string; outcome: string; reason: string }>();
      if (reply.run_id === runId) break;
    }
    finished.unsubscribe();
    expect(reply?.outcome).toBe('failed');
    expect(reply?.reason).toBe(`policy no-unscanned-artifact: the deployer refuses ${digest}: it has no passing scan attestation`);
  });

  it('rolls back a release whose health check fails while the old one keeps answering', async () => {
    const good = await finish(await mesh.client.publishRequest(helloRequest({ application_name: 'rollback-demo' })));
    expect(good.status).toBe('succeeded');
    const url = good.urls['staging'] ?? '';
    const broken = helloRequest({
      application_name: 'rollback-demo',
      artifact_source: { type: 'directory', location: helloCopy(markBroken) },
      platform_config: { run: { command: 'node server.js', env: { APP_VERSION: 'v2' } }, health_check: { interval: 0.1, failure_threshold: 3 } },
    });
    const run = await finish(await mesh.client.publishRequest(broken));
    expect(run.status).toBe('failed');
    expect(run.reason).toMatch(/^step deploy-staging rolled_back: /);
    expect(await getJson(url)).toMatchObject({ status: 200, body: { version: 'v1' } });
    // One incident, one Slack message; staging pages nobody by default (pagerduty_environments: production).
    const posts = () => mesh.slack.received.filter((m) => JSON.stringify(m).includes('rollback-demo ❌ failed (rolled back in staging)'));
    await waitFor(() => posts().length === 1, { message: 'the Slack message for the rolled-back run' });
    expect(mesh.pagerduty.received.filter((e) => e.dedup_key === 'jetway/rollback-demo/staging' && e.event_action === 'trigger')).toEqual([]);
  });

  it('makes one run of a request published three times', async () => {
    const request = helloRequest({ application_name: 'once-only' });
    const ids = [await mesh.client.publishRequest(request), await mesh.client.publishRequest(request), await mesh.client.publishRequest(request)];
    expect(new Set(ids).size).toBe(1);
    // A copy past JetStream's duplicate window (a different message id) still maps to the same run.
    const publisher = new EventPublisher(mesh.services.planner!.mesh.js, 'test');
    await publisher.publish('jetway.pipeline.requested.v1', request, { runId: 'late', id: `late-${ulid()}` });
    const run = await finish(ids[0] ?? '');
    expect(run.status).toBe('succeeded');
    const kv = mesh.services.planner!.mesh.kv('runs');
    const keys: string[] = [];
    for await (const key of await kv.keys()) keys.push(key);
    const runs: string[] = [];
    for (const key of keys) {
      const entry = await kv.get(key);
      if (entry?.json<{ idempotency_key: string }>().idempotency_key === request.idempotency_key) runs.push(key);
    }
    expect(keys.length).toBeGreaterThan(1);
    expect(runs).toEqual([ids[0]]);
  });

  it('dead-letters a malformed request with its reason and goes on planning', async () => {
    const nc = mesh.services.planner!.mesh.nc;
    const js = mesh.services.planner!.mesh.js;
    await js.publish('jetway.pipeline.requested.v1', JSON.stringify({ kind: 'deployment', application_name: 'Bad Name' }));
    const run = await finish(await mesh.client.publishRequest(helloRequest({ application_name: 'after-poison' })));
    expect(run.status).toBe('succeeded');
    const jsm = await nc.jetstreamManager();
    const dead = await waitFor(async () => {
      const info = await jsm.streams.info(STREAMS.deadLetters.name);
      for (let seq = info.state.first_seq; info.state.messages > 0 && seq <= info.state.last_seq; seq++) {
        const m = await jsm.streams.getMessage(STREAMS.deadLetters.name, { seq });
        if (m.subject === 'jetway-dlq.jetway.pipeline.requested.v1') return m;
      }
      return undefined;
    }, { message: 'the dead letter' });
    expect(dead.header.get(DLQ_HEADERS.reason)).toBe('missing CloudEvents headers (ce-id, ce-type, ce-source, ce-specversion, ce-time)');
    expect(dead.header.get(DLQ_HEADERS.service)).toBe('planner');
  });
});
