import { connect } from 'nats';
import { BUCKETS } from '@jetway/contracts';
import { EffectLedger, EventPublisher, stepEffectKey } from '@jetway/messaging';
import { loadPlannerConfig, startPlanner } from '@jetway/planner';
import { waitFor } from '@jetway/testing';
import { helloRequest } from './requests';
import { startMesh, type Mesh } from './mesh.fixture';

describe('a step whose service never answers', () => {
  let mesh: Mesh;

  beforeAll(async () => {
    mesh = await startMesh({ only: ['planner', 'scanner', 'deployer', 'notifier'] });
  });
  afterAll(async () => {
    await mesh?.stop();
  });

  it('fails the run at the step deadline with a reason naming the silent service', async () => {
    const started = Date.now();
    const runId = await mesh.client.publishRequest(helloRequest({ deadlines: { build: 2 } }));
    const run = await mesh.client.watch(runId, () => undefined, 100);
    expect(run.status).toBe('failed');
    expect(run.reason).toBe('step build missed its deadline of 2s: no step.build.finished from the builder (no start was recorded: is the builder running?)');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    await mesh.slack.waitFor(1);
    expect(JSON.stringify(mesh.slack.received)).toContain('missed its deadline');
  });
});

describe('a step whose finished event never reaches the planner', () => {
  let mesh: Mesh;

  beforeAll(async () => {
    mesh = await startMesh({ only: ['planner', 'notifier'] });
  });
  afterAll(async () => {
    await mesh?.stop();
  });

  it('applies a repeatable step\'s finished event found in JETWAY_EVENTS at the deadline (a scan writes nothing else)', async () => {
    const digest = `sha256:${'e'.repeat(64)}`;
    const runId = await mesh.client.publishRequest(helloRequest({ deadlines: { build: 30, scan: 2 } }));
    await waitFor(async () => (await mesh.client.status(runId)).steps.find((s) => s.step_id === 'build')?.status === 'triggered', { message: 'the build trigger' });

    // The scan's finished is stored while the scan is not set off yet: the planner takes it and
    // changes nothing (a step finishes only after its trigger), which is what a lost delivery
    // leaves too. Then the build finishes and sets off the scan, which no scanner answers.
    const nc = await connect({ servers: mesh.servers });
    const publisher = new EventPublisher(nc.jetstream(), 'scanner-test');
    const ids = (stepId: string) => ({ runId, stepId, attempt: 1 });
    const scan = { run_id: runId, step_id: 'scan', attempt: 1, outcome: 'succeeded' as const, duration_ms: 7, outputs: { digest, verdict: 'pass' as const, counts: { low: 0, medium: 0, high: 0, critical: 0 }, top_findings: [], sarif_object: `sarif-${runId}` } };
    await publisher.publish('jetway.step.scan.finished.v1', scan, ids('scan'));
    const build = { run_id: runId, step_id: 'build', attempt: 1, outcome: 'succeeded' as const, duration_ms: 5, outputs: { digest, size_bytes: 10, log_object: `build-log-${runId}-build-1`, log_tail: 'ok' } };
    await publisher.publish('jetway.step.build.finished.v1', build, ids('build'));
    await nc.close();

    const run = await mesh.client.watch(runId, () => undefined, 100);
    expect(run.steps.find((s) => s.step_id === 'scan')).toMatchObject({ status: 'finished', outcome: 'succeeded' });
    expect(run.notes).toEqual(['step scan: no step.scan.finished reached the planner by its deadline; applied the result the scanner recorded']);
    // The recovered scan sets off the deploy's gate, which still wants the scanner's attestation of the digest.
    expect(run.reason).toContain('policy no-unscanned-artifact');
    const recovered = await mesh.services.planner?.metrics.stepsRecovered.get();
    expect(recovered?.values).toEqual([expect.objectContaining({ labels: { kind: 'scan' }, value: 1 })]);
  });

  it('applies the result its worker recorded in the effect ledger at the deadline instead of failing the step', async () => {
    const digest = `sha256:${'c'.repeat(64)}`;
    const runId = await mesh.client.publishRequest(helloRequest({ deadlines: { build: 2, scan: 2 } }));
    await waitFor(async () => (await mesh.client.status(runId)).steps.find((s) => s.step_id === 'build')?.status === 'triggered', { message: 'the build trigger' });

    // What a worker of outside effects (and a builder before builds were repeatable) records before publishing its finished, which is then lost.
    const nc = await connect({ servers: mesh.servers });
    const ledger = new EffectLedger(await (await nc.jetstream().views).kv(BUCKETS.idempotency.name), 'builder-test');
    const outputs = { digest, size_bytes: 10, log_object: `build-log-${runId}-build-1`, log_tail: 'ok' };
    await ledger.once(stepEffectKey('build', { run_id: runId, step_id: 'build', attempt: 1 }), async () => ({ outcome: 'succeeded', outputs, duration_ms: 5 }));
    await nc.close();

    const run = await mesh.client.watch(runId, () => undefined, 100);
    expect(run.steps.find((s) => s.step_id === 'build')).toMatchObject({ status: 'finished', outcome: 'succeeded' });
    expect(run.digest).toBe(digest);
    expect(run.notes).toEqual(['step build: no step.build.finished reached the planner by its deadline; applied the result the builder recorded']);
    // The scan was set off from the recovered build, and no scanner answers it.
    expect(run.status).toBe('failed');
    expect(run.reason).toBe('step scan missed its deadline of 2s: no step.scan.finished from the scanner (no start was recorded: is the scanner running?)');
    const recovered = await mesh.services.planner?.metrics.stepsRecovered.get();
    // The planner's metrics live as long as it does: the scan of the case above is counted too.
    expect(recovered?.values).toEqual(expect.arrayContaining([expect.objectContaining({ labels: { kind: 'build' }, value: 1 })]));
    expect(recovered?.values).toHaveLength(2);
  });
});

describe('a planner that stops while a step is open', () => {
  let mesh: Mesh;

  beforeAll(async () => {
    mesh = await startMesh({ only: ['planner', 'notifier'] });
  });
  afterAll(async () => {
    await mesh?.stop();
  });

  it('fails the step at its deadline from the run store once a new planner starts: deadlines live in memory, not in the stream', async () => {
    const runId = await mesh.client.publishRequest(helloRequest({ deadlines: { build: 3 } }));
    await waitFor(async () => (await mesh.client.status(runId)).steps.find((s) => s.step_id === 'build')?.status === 'triggered', { message: 'the build trigger' });
    const nc = await connect({ servers: mesh.servers });
    const events = await nc.jetstreamManager();
    const deadlines = async () => (await events.streams.info('JETWAY_EVENTS', { subjects_filter: 'jetway.timer.>' })).state.subjects ?? {};
    // While the build is open, no deadline event was written for it.
    expect(await deadlines()).toEqual({});
    await mesh.services.planner?.stop();
    mesh.services.planner = await startPlanner(
      loadPlannerConfig({ JETWAY_NATS_URL: mesh.servers, JETWAY_LOG_LEVEL: 'warn', JETWAY_OPS_PORT: '0', JETWAY_REPLICAS: '1' }),
    );
    // Until the new planner answers status queries, a query finds no responder: asked again.
    const run = await waitFor(async () => {
      const view = await mesh.client.status(runId).catch(() => undefined);
      return view?.status !== 'running' && view;
    }, { timeoutMs: 30_000, message: 'the run to end' });
    expect(run.status).toBe('failed');
    expect(run.reason).toBe('step build missed its deadline of 3s: no step.build.finished from the builder (no start was recorded: is the builder running?)');
    // The timeout is in the audit trail: one deadline event, written when it fell due.
    expect(await deadlines()).toEqual({ 'jetway.timer.step-deadline.v1': 1 });
    await nc.close();
  });
});
