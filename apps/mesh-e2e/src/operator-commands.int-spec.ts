import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser, fromPublic } from 'nkeys.js';
import type { Msg, Subscription } from 'nats';
import { attestationKey, eventId, operatorSigningText, releaseKey, STREAMS, type EventInput, type EventSubject, type OperatorDecided, type Release, type RunStatusView } from '@jetway/contracts';
import { JetwayClient, runCli, type CliIo } from '@jetway/cli';
import { ApproverRegistry, EventPublisher, Mesh, type ServiceHandle } from '@jetway/messaging';
import { loadPlannerConfig, startPlanner } from '@jetway/planner';
import { startSecuredNats, waitFor } from '@jetway/testing';

const DIGEST_A = `sha256:${'a'.repeat(64)}`;
const DIGEST_C = `sha256:${'c'.repeat(64)}`;
// The CLI (as the `cli` user) against a real planner (as the `planner` user), each with its deployed
// permissions; the test plays builder, scanner and deployer with the `ops` user.
describe('operator commands: the CLI signs, a real planner verifies and answers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jetway-operator-'));
  const alice = createUser();
  const bob = createUser();
  let nats: Awaited<ReturnType<typeof startSecuredNats>>;
  let planner: ServiceHandle;
  let ops: Mesh;
  let worker: EventPublisher;
  let client: JetwayClient;
  let commanded: Subscription;
  let triggers: Subscription;
  const commands: { id: string; body: Record<string, unknown> }[] = [];

  const cli = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const env = { JETWAY_NATS_USER: 'cli', JETWAY_NATS_PASSWORD: 'cli-pw' };
    const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), env, cwd: dir, stateDirs: [], home: dir, color: false };
    const code = await runCli([...args, '--nats', nats.url], io);
    return { code, out: out.join(''), err: err.join('') };
  };
  const publish = <S extends EventSubject>(subject: S, payload: EventInput<S>, ids: { runId: string; stepId?: string; id?: string }) => worker.publish(subject, payload, { attempt: 1, ...ids });
  const statusOf = (runId: string) => client.status(runId);
  const until = (runId: string, ready: (run: RunStatusView) => boolean, message: string) =>
    waitFor(async () => {
      const run = await statusOf(runId);
      return ready(run) ? run : undefined;
    }, { message, timeoutMs: 20_000 });
  const stepOf = (run: RunStatusView, id: string) => run.steps.find((s) => s.step_id === id);

  async function requestRun(key: string): Promise<string> {
    const file = join(dir, `${key}.json`);
    const request = {
      kind: 'deployment',
      idempotency_key: key,
      application_name: 'hello',
      artifact_source: { type: 'directory', location: dir },
      build: { command: 'true' },
      target_environments: ['staging'],
      platform_config: { run: { command: 'node server.js' } },
      approval: { approvers: ['alice'] },
    };
    writeFileSync(file, JSON.stringify(request));
    const published = await cli(['publish', file]);
    expect(published).toMatchObject({ code: 0 });
    return published.out.trim();
  }

  /** Build and scan pass: the run's deploy step is set off; the deployer takes it. */
  async function toDeploy(runId: string): Promise<void> {
    await publish('jetway.step.build.finished.v1', { run_id: runId, step_id: 'build', attempt: 1, outcome: 'succeeded', duration_ms: 1, outputs: { digest: DIGEST_C, size_bytes: 1, log_tail: '' }, log: 'built\n' }, { runId, stepId: 'build' });
    await ops.kv('attestations').put(attestationKey('scan', DIGEST_C), JSON.stringify({ kind: 'scan', digest: DIGEST_C, verdict: 'pass', fail_on_severity: 'high', counts: {}, run_id: runId, at: new Date().toISOString() }));
    // As the scanner would: a step finishes only after its trigger went out (the planner ignores an earlier finished).
    await until(runId, (run) => stepOf(run, 'scan')?.status === 'triggered', 'scan set off');
    await publish('jetway.step.scan.finished.v1', { run_id: runId, step_id: 'scan', attempt: 1, outcome: 'succeeded', duration_ms: 1 }, { runId, stepId: 'scan' });
    await until(runId, (run) => stepOf(run, 'deploy-staging')?.status === 'triggered', 'deploy-staging set off');
    await publish('jetway.step.deploy.started.v1', { run_id: runId, step_id: 'deploy-staging', attempt: 1, worker: 'deployer-test' }, { runId, stepId: 'deploy-staging' });
  }

  const progress = (runId: string, sequence: number, phase: 'weight' | 'paused' | 'analysis', weight: number) =>
    publish(
      'jetway.rollout.progressed.v1',
      { run_id: runId, step_id: 'deploy-staging', attempt: 1, application: 'hello', environment: 'staging', strategy: 'canary', sequence, phase, weight, stage: sequence - 1, message: `${phase} at ${weight} %` },
      // One id per sequence: with the id derived from (run, step, attempt) alone, the duplicate window would drop every progress after the first.
      { runId, stepId: 'deploy-staging', id: eventId({ runId, stepId: 'deploy-staging', attempt: 1, event: `rollout-progressed-${sequence}` }) },
    );

  const release = (digest: string, runId: string, previous?: string): Release => ({
    application: 'hello',
    environment: 'staging',
    digest,
    strategy: 'canary',
    url: 'http://127.0.0.1:1/hello/staging',
    targets: [],
    run_id: runId,
    deployed_at: new Date().toISOString(),
    ...(previous && { previous: { digest: previous, run_id: runId, deployed_at: new Date().toISOString() } }),
  });

  /** The deployer's side of a rollback run: serve the previous release again, verify it. */
  function onTrigger(msg: Msg): void {
    const body = msg.json<{ run_id: string; step_id: string }>();
    const ids = { runId: body.run_id, stepId: body.step_id };
    if (msg.subject === 'jetway.step.rollback.triggered.v1') {
      void ops
        .kv('releases')
        .put(releaseKey('hello', 'staging'), JSON.stringify(release(DIGEST_A, body.run_id, DIGEST_C)))
        .then(() =>
          publish('jetway.step.rollback.finished.v1', { ...body, attempt: 1, outcome: 'succeeded', duration_ms: 5, outputs: { release: { digest: DIGEST_A, url: 'http://127.0.0.1:1/hello/staging', targets: [] }, from_digest: DIGEST_C, instant: true } }, ids),
        );
    }
    if (msg.subject === 'jetway.step.verify.triggered.v1' && body.step_id === 'verify-staging') {
      void publish('jetway.step.verify.finished.v1', { ...body, attempt: 1, outcome: 'succeeded', duration_ms: 5, outputs: { checks_passed: 3 } }, ids);
    }
  }

  beforeAll(async () => {
    nats = await startSecuredNats(['planner', 'cli']);
    ops = await Mesh.connect({ servers: nats.url, name: 'ops-test', user: 'ops', pass: 'ops-pw' });
    planner = await startPlanner(loadPlannerConfig({ JETWAY_NATS_URL: nats.url, JETWAY_NATS_USER: 'planner', JETWAY_NATS_PASSWORD: 'planner-pw', JETWAY_LOG_LEVEL: 'error', JETWAY_OPS_PORT: '0' }));
    worker = new EventPublisher(ops.js, 'deployer');
    client = await JetwayClient.connect(nats.url, { user: 'cli', pass: 'cli-pw' });
    const registry = new ApproverRegistry(ops.kv('approvers'));
    for (const [name, pair] of [['alice', alice], ['bob', bob]] as const) {
      await registry.enrol({ name, public_key: pair.getPublicKey(), enrolled_by: 'ops', enrolled_at: new Date().toISOString() });
      const seeds = join(dir, '.config', 'jetway', 'approvers');
      mkdirSync(seeds, { recursive: true });
      writeFileSync(join(seeds, `${name}.nk`), new TextDecoder().decode(pair.getSeed()), { mode: 0o600 });
      chmodSync(join(seeds, `${name}.nk`), 0o600);
    }
    commanded = ops.nc.subscribe('jetway.rollout.commanded.v1', { callback: (_e, msg) => commands.push({ id: msg.headers?.get('Nats-Msg-Id') ?? '', body: msg.json() }) });
    triggers = ops.nc.subscribe('jetway.step.*.triggered.v1', { callback: (_e, msg) => onTrigger(msg) });
    await ops.nc.flush();
  });
  afterAll(async () => {
    commanded?.unsubscribe();
    triggers?.unsubscribe();
    await client?.close();
    await planner?.stop();
    await ops?.drain();
    await nats?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  let deployRun = '';
  let watching: ReturnType<typeof cli> | undefined;

  it('promotes a paused canary once, signed with the operator’s key, and refuses who may not', async () => {
    deployRun = await requestRun('operator-run-0001');
    await toDeploy(deployRun);
    watching = cli(['status', deployRun, '--watch']);
    await until(deployRun, (run) => stepOf(run, 'deploy-staging')?.status === 'running', 'the deploy step running');
    await progress(deployRun, 1, 'weight', 5);
    await progress(deployRun, 2, 'paused', 25);
    await until(deployRun, (run) => stepOf(run, 'deploy-staging')?.status === 'waiting_approval', 'the paused canary waiting for a person');

    const status = await cli(['status', deployRun]);
    expect(status.out).toContain('Rollout of deploy-staging (canary): weight 25 % · paused');
    expect(status.out).toContain(`promote: jetway promote ${deployRun} --as alice`);

    const promoted = await cli(['promote', deployRun, '--as', 'alice', '--comment', 'looks fine']);
    expect(promoted).toMatchObject({ code: 0, out: `promote of run ${deployRun} as alice (signed): the planner told the deployer to promote the rollout of deploy-staging\n` });
    expect(await cli(['promote', deployRun, '--as', 'alice'])).toMatchObject({ code: 0 });
    const refused = await cli(['promote', deployRun, '--as', 'bob']);
    expect(refused).toMatchObject({ code: 2, err: `jetway: bob may not promote run ${deployRun}; allowed: alice\n` });

    await waitFor(() => commands.length >= 1, { message: 'rollout.commanded' });
    // The repeated promote carried the same event id: the stream kept one decision, so the planner saw one.
    const decided = await ops.jsm.streams.info(STREAMS.events.name, { subjects_filter: 'jetway.operator.decided.v1' });
    expect(decided.state.subjects).toEqual({ 'jetway.operator.decided.v1': 1 });
    expect(commands).toEqual([{ id: `${deployRun}.deploy-staging.1.rollout-commanded-promote-2`, body: { run_id: deployRun, step_id: 'deploy-staging', attempt: 1, command: 'promote', by: 'alice', comment: 'looks fine' } }]);

    // What the planner verified: the stored decision is signed with alice's enrolled key.
    const stored = await ops.jsm.streams.getMessage(STREAMS.events.name, { last_by_subj: 'jetway.operator.decided.v1' });
    const { signature, ...unsigned } = stored.json<OperatorDecided>();
    expect(fromPublic(alice.getPublicKey()).verify(new TextEncoder().encode(operatorSigningText(unsigned)), Buffer.from(signature ?? '', 'base64url'))).toBe(true);
  });

  it('aborts the rollout, and refuses to promote a run that ended', async () => {
    await progress(deployRun, 3, 'analysis', 50);
    const aborted = await cli(['abort', deployRun, '--as', 'alice', '--comment', 'p99 too high']);
    expect(aborted).toMatchObject({ code: 0, out: expect.stringContaining('the planner told the deployer to abort the rollout of deploy-staging') });
    await waitFor(() => commands.length >= 2, { message: 'the abort command' });
    expect(commands[1]).toEqual({ id: `${deployRun}.deploy-staging.1.rollout-commanded-abort`, body: { run_id: deployRun, step_id: 'deploy-staging', attempt: 1, command: 'abort', by: 'alice', comment: 'p99 too high' } });

    await publish('jetway.step.deploy.finished.v1', { run_id: deployRun, step_id: 'deploy-staging', attempt: 1, outcome: 'rolled_back', reason: 'aborted by alice; the previous release serves', duration_ms: 9 }, { runId: deployRun, stepId: 'deploy-staging' });
    await until(deployRun, (run) => run.status === 'failed', 'the aborted run failed');
    expect(await cli(['promote', deployRun, '--as', 'alice'])).toMatchObject({ code: 1, err: expect.stringContaining(`run ${deployRun} already ended (failed`) });

    // `status --watch` printed every progress as it was published, and the promote command at the pause.
    const watched = await watching;
    expect(watched?.code).toBe(1);
    expect(watched?.out).toContain('  ↳ deploy-staging canary weight 5 % · weight: weight at 5 %\n');
    expect(watched?.out).toContain(`  ↳ deploy-staging canary weight 25 % · paused: paused at 25 %\n      promote: jetway promote ${deployRun} --as alice`);
    expect(watched?.out).toContain('  ↳ deploy-staging canary weight 50 % · analysis: analysis at 50 %');
  });

  it('cancels a run at its next step boundary', async () => {
    const runId = await requestRun('operator-run-0002');
    await until(runId, (run) => stepOf(run, 'build')?.status === 'triggered', 'build set off');
    const cancelled = await cli(['cancel', runId, '--as', 'alice', '--comment', 'wrong branch']);
    expect(cancelled).toMatchObject({ code: 0, out: `cancel of run ${runId} as alice (signed): cancelled: it stops at its next step boundary (a running rollout is aborted)\n` });
    await publish('jetway.step.build.finished.v1', { run_id: runId, step_id: 'build', attempt: 1, outcome: 'succeeded', duration_ms: 1, outputs: { digest: DIGEST_C, size_bytes: 1, log_tail: '' }, log: 'built\n' }, { runId, stepId: 'build' });
    const run = await until(runId, (r) => r.status !== 'running', 'the cancelled run ended');
    expect(run).toMatchObject({ status: 'rejected', reason: 'cancelled by alice: wrong branch' });
    expect(stepOf(run, 'scan')?.status).toBe('pending');
  });

  it('rolls back as a run of its own, refuses an operator who may not, and answers history and runs', async () => {
    await ops.kv('releases').put(releaseKey('hello', 'staging'), JSON.stringify(release(DIGEST_C, deployRun)));
    await ops.kv('releases').put(releaseKey('hello', 'staging'), JSON.stringify(release(DIGEST_C, deployRun, DIGEST_A)));

    const refused = await cli(['rollback', 'hello', '--env', 'staging', '--as', 'bob']);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(`Reason: bob may not roll back hello in staging: only an approver of run ${deployRun}, which deployed it, may (alice)`);

    const rolledBack = await cli(['rollback', 'hello', '--env', 'staging', '--as', 'alice', '--reason', 'p99 doubled']);
    expect(rolledBack.code).toBe(0);
    expect(rolledBack.out).toMatch(/^rollback of hello in staging as alice \(signed\): run [0-9A-Z]{26}\n/);
    expect(rolledBack.out).toMatch(/succeeded/);
    const rollbackRun = /run ([0-9A-Z]{26})/.exec(rolledBack.out)?.[1] ?? '';

    const history = await cli(['history', 'hello', '--env', 'staging', '--json']);
    expect(history.code).toBe(0);
    const entries = JSON.parse(history.out) as { digest: string; run_id: string; run_kind?: string; current: boolean; requested_by?: string }[];
    expect(entries.map((e) => [e.digest, e.run_id, e.run_kind, e.current])).toEqual([
      [DIGEST_A, rollbackRun, 'rollback', true],
      [DIGEST_C, deployRun, 'deployment', false],
    ]);
    expect((await cli(['history', 'hello'])).out).toMatch(/serving\s+rolled back by alice/);

    const runs = JSON.parse((await cli(['runs', '--application', 'hello', '--json'])).out) as { runs: { run_id: string; kind: string; status: string }[] };
    expect(runs.runs.map((r) => [r.kind, r.status])).toEqual([
      ['rollback', 'succeeded'],
      ['rollback', 'rejected'],
      ['deployment', 'rejected'],
      ['deployment', 'failed'],
    ]);
    const listed = await cli(['runs', '--kind', 'rollback', '--status', 'succeeded']);
    expect(listed.out.split('\n')[1]).toMatch(new RegExp(`^${rollbackRun}\\s+rollback\\s+hello\\s+succeeded`));
  });
});
