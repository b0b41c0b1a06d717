import { setTimeout as sleep } from 'node:timers/promises';
import { startHey, waitFor, type HeyReport, type HeyRun } from '@jetway/testing';
import { RolloutMesh } from './rollout-mesh.fixture';

// Rollouts that must not go through, as clients see them (Debian's `hey` through the router
// process) and as the deployer service reports them (progress and finished events on a real
// nats-server): a canary failing 30 % of requests, a blue-green release failing after promotion,
// a canary nobody sends traffic to, and an approval point promoted by a command.

const ANALYSIS = { interval_seconds: 1, min_requests: 20 };
const WORKERS = 8;
/** hello-service answers this share of `/` requests 500 (FAIL_RATE), evenly spread. */
const FAIL_RATE = 0.3;

describe('rollouts that fail, pause or wait for a person (int)', () => {
  let m: RolloutMesh;

  beforeAll(async () => {
    m = await RolloutMesh.start('rollouts-failing');
    expect(await m.deploy({ release: 'v1', strategy: 'rolling' })).toMatchObject({ outcome: 'succeeded' });
  }, 60_000);

  afterAll(async () => {
    process.stdout.write(`load table (scenario, requests, failed, p99):\n${m?.rows.join('\n')}\n`);
    await m?.stop();
  });

  function load(): HeyRun {
    return startHey(m.url('/'), { seconds: 120, concurrency: WORKERS });
  }

  /** Failed requests are the app's own 500s, never a connection error or a router 502/503/504. */
  function onlyAppFailures(report: HeyReport): void {
    expect(report.errors).toEqual({});
    expect(Object.keys(report.statuses).filter((code) => code !== '200' && code !== '500')).toEqual([]);
  }

  it('a canary failing 30 % of requests is aborted by analysis and rolled back within 10 s of the first failing measurement; clients saw at most its weight of failures', async () => {
    const steps = [{ weight: 10, duration_seconds: 30, success_criteria: { error_rate: 0.05 } }, { weight: 100, duration_seconds: 0 }];
    const hey = load();
    await sleep(1_000);
    const finished = await m.deploy({ release: 'v2', strategy: 'canary', env: { FAIL_RATE: String(FAIL_RATE) }, rollout: { canary: { steps }, analysis: ANALYSIS } });
    await sleep(1_000);
    const report = await hey.stop();
    m.row('canary v1 → v2 failing 30 % (aborted at 10 %)', report);

    expect(finished.outcome).toBe('rolled_back');
    expect(finished.reason).toMatch(/^canary step 1 of 2 \(10 %\): analysis failed: error rate \d+\.\d % \(threshold 5\.0 %\) over \d+ requests; aborted: the stable release [0-9a-f]{12} serves all traffic$/);
    const progress = m.progressOf(finished.run_id);
    const weightSet = progress.find((p) => p.event.phase === 'weight')?.at ?? 0;
    const aborted = progress.find((p) => p.event.phase === 'aborted');
    const rolledBack = progress.find((p) => p.event.phase === 'rolled_back')?.at ?? Infinity;
    expect(aborted?.event.analysis).toMatchObject({ verdict: 'fail', measurements: [expect.objectContaining({ metric: 'error_rate', passed: false })] });
    // failure_limit 0: the first failing measurement is the one that aborts, one interval after the weight was set
    process.stdout.write(`canary: rolled back ${rolledBack - (aborted?.at ?? 0)} ms after the failing measurement, ${rolledBack - weightSet} ms after 10 % was set\n`);
    expect(rolledBack - (aborted?.at ?? 0)).toBeLessThan(10_000);
    expect(rolledBack - (weightSet + ANALYSIS.interval_seconds * 1_000)).toBeLessThan(10_000);
    onlyAppFailures(report);
    const failed = report.nonSuccess;
    expect(failed).toBeGreaterThan(0);
    expect(failed).toBeLessThanOrEqual(Math.ceil(report.requests * 0.1 * FAIL_RATE)); // the canary's weight × its failure share
    expect(await m.versions()).toEqual({ v1: 40 });
  }, 60_000);

  it('after the abort, the next release proceeds normally', async () => {
    const hey = load();
    const next = await m.deploy({ release: 'v3', strategy: 'canary', rollout: { canary: { steps: [{ weight: 50, duration_seconds: 2 }, { weight: 100, duration_seconds: 0 }] }, analysis: ANALYSIS } });
    const report = await hey.stop();
    m.row('canary v1 → v3 (after the abort)', report);
    expect(next).toMatchObject({ outcome: 'succeeded', outputs: { release: { digest: await m.release('v3'), previous_digest: await m.release('v1') } } });
    expect({ errors: report.errors, nonSuccess: report.nonSuccess }).toEqual({ errors: {}, nonSuccess: 0 });
    expect(await m.versions()).toEqual({ v3: 40 });
  }, 60_000);

  it('a blue-green release failing post-promotion analysis is switched back', async () => {
    const rollout = { blue_green: { pre_promotion_analysis: false, auto_promote_seconds: 0, scale_down_delay_seconds: 30 }, analysis: ANALYSIS };
    const hey = load();
    await sleep(1_000);
    const finished = await m.deploy({ release: 'v4', strategy: 'blue_green', env: { FAIL_RATE: String(FAIL_RATE) }, rollout });
    await sleep(1_000);
    const report = await hey.stop();
    m.row('blue-green v3 → v4 failing 30 % (switched back)', report);

    expect(finished.outcome).toBe('rolled_back');
    expect(finished.reason).toMatch(/^blue-green post-promotion analysis failed: error rate .* switched back: the previous release [0-9a-f]{12} serves all traffic again$/);
    expect(m.phasesOf(finished.run_id)).toEqual(['started@0', 'started@0', 'weight@0', 'analysis@0', 'promoted@100', 'aborted@100', 'rolled_back@0']);
    const progress = m.progressOf(finished.run_id);
    const promoted = progress.find((p) => p.event.phase === 'promoted')?.at ?? 0;
    const switchedBack = progress.find((p) => p.event.phase === 'rolled_back')?.at ?? Infinity;
    process.stdout.write(`blue-green: switched back ${switchedBack - promoted} ms after the promotion\n`);
    expect(switchedBack - (promoted + ANALYSIS.interval_seconds * 1_000)).toBeLessThan(10_000);
    onlyAppFailures(report);
    expect(report.nonSuccess).toBeLessThanOrEqual(Math.ceil(report.requests * FAIL_RATE));
    expect(await m.versions()).toEqual({ v3: 40 });
  }, 60_000);

  it('a canary without traffic is inconclusive: paused, never promoted, until a person aborts it', async () => {
    const steps = [{ weight: 10, duration_seconds: 2, success_criteria: { error_rate: 0.01 } }, { weight: 100, duration_seconds: 0 }];
    const { runId } = await m.publishDeploy({ release: 'v5', strategy: 'canary', rollout: { canary: { steps }, analysis: ANALYSIS } });
    const paused = await waitForPhase(runId, 'paused');
    expect(paused.analysis).toMatchObject({ verdict: 'inconclusive', requests: 0 });
    expect(paused.message).toMatch(/never promoted without a verdict; the canary keeps 10 %/);
    await sleep(3_000); // a paused canary stays where it is
    expect(m.phasesOf(runId)).not.toContain('promoted@100');
    expect(await m.versions()).toEqual({ v3: 36, v5: 4 }); // still 10 %, exactly (smooth weighted round-robin)
    await m.command(runId, 'abort', 'carol');
    const finished = await m.deployFinished(runId);
    expect(finished).toMatchObject({ outcome: 'rolled_back', reason: expect.stringMatching(/abort by carol; aborted: the stable release [0-9a-f]{12} serves all traffic/) });
    expect(await m.versions()).toEqual({ v3: 40 });
  }, 60_000);

  it('a manual approval point pauses the canary until a promote command, under load with 0 failed requests', async () => {
    const rollout = { canary: { steps: [{ weight: 50, duration_seconds: 2 }, { weight: 100, duration_seconds: 0 }], manual_approval_points: ['50%'] }, analysis: ANALYSIS };
    const hey = load();
    const { runId } = await m.publishDeploy({ release: 'v6', strategy: 'canary', rollout });
    await waitForPhase(runId, 'paused');
    await m.command(runId, 'promote', 'bob');
    const finished = await m.deployFinished(runId);
    await sleep(500);
    const report = await hey.stop();
    m.row('canary v3 → v6 (approval point at 50 %)', report);
    expect(finished.outcome).toBe('succeeded');
    expect(m.progressOf(runId).map((p) => p.event.message).join('\n')).toMatch(/promote by bob at step 1 of 2 \(50 %\)/);
    expect({ errors: report.errors, nonSuccess: report.nonSuccess }).toEqual({ errors: {}, nonSuccess: 0 });
    expect(report.requests).toBeGreaterThanOrEqual(2_000);
  }, 60_000);

  function waitForPhase(runId: string, phase: string) {
    return waitFor(() => m.progressOf(runId).find((p) => p.event.phase === phase)?.event, { timeoutMs: 30_000, message: `${runId} reaching ${phase}` });
  }
});
