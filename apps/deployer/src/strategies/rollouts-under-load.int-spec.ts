import { setTimeout as sleep } from 'node:timers/promises';
import { startHey, type HeyReport } from '@jetway/testing';
import { RolloutMesh } from './rollout-mesh.fixture';

// Every strategy of a healthy release, and a manual rollback after promotion, as clients see
// them: Debian's `hey` sends steady traffic through the deployer's router process while the
// deployer service (on a real nats-server, driven by deploy and rollback triggers) rolls real
// hello-service releases out. Every request must answer 2xx, with no connection error.

const MIN_REQUESTS = 2_000;
const WORKERS = 8;
const ANALYSIS = { interval_seconds: 1, min_requests: 20 };
/** Load before and after each change: the old set's last requests and the new set's first. */
const LOAD_AROUND_MS = 1_500;

describe('rollouts of healthy releases under load (int)', () => {
  let m: RolloutMesh;

  beforeAll(async () => {
    m = await RolloutMesh.start('rollouts-load');
    expect(await m.deploy({ release: 'v1', strategy: 'rolling', replicas: 3 })).toMatchObject({ outcome: 'succeeded' });
  }, 60_000);

  afterAll(async () => {
    process.stdout.write(`load table (scenario, requests, failed, p99):\n${m?.rows.join('\n')}\n`);
    await m?.stop();
  });

  /**
   * Runs `change` under steady hey load, which begins before it and goes on for a moment after
   * it (the traffic a switch must not drop), then stops hey and says what clients saw.
   */
  async function underLoad<T>(scenario: string, change: () => Promise<T>): Promise<{ result: T; report: HeyReport }> {
    const hey = startHey(m.url('/'), { seconds: 120, concurrency: WORKERS });
    await sleep(LOAD_AROUND_MS);
    const result = await change().catch(async (error: unknown) => {
      await hey.stop();
      throw error;
    });
    await sleep(LOAD_AROUND_MS);
    const report = await hey.stop();
    m.row(scenario, report);
    return { result, report };
  }

  function clean(report: HeyReport): void {
    expect({ errors: report.errors, nonSuccess: report.nonSuccess }).toEqual({ errors: {}, nonSuccess: 0 });
    expect(report.requests).toBeGreaterThanOrEqual(MIN_REQUESTS);
  }

  it('rolling: batch by batch (surge 1), 0 failed requests', async () => {
    const { result, report } = await underLoad('rolling v1 → v2 (3 replicas)', () => m.deploy({ release: 'v2', strategy: 'rolling', replicas: 3 }));
    expect(result).toMatchObject({ outcome: 'succeeded', outputs: { release: { previous_digest: await m.release('v1') } } });
    expect(m.phasesOf(result.run_id)).toEqual(['started@0', 'weight@33', 'weight@67', 'completed@100']);
    expect(await m.versions()).toEqual({ v2: 40 });
    clean(report);
  }, 60_000);

  it('blue-green: preview analysed with probe traffic, switch, post-promotion analysis, 0 failed requests', async () => {
    const rollout = { blue_green: { auto_promote_seconds: 1, scale_down_delay_seconds: 40 }, analysis: ANALYSIS };
    const { result, report } = await underLoad('blue-green v2 → v3', () => m.deploy({ release: 'v3', strategy: 'blue_green', rollout }));
    expect(result).toMatchObject({ outcome: 'succeeded' });
    const progress = m.progressOf(result.run_id).map((p) => p.event);
    expect(progress.map((p) => p.phase)).toEqual(['started', 'started', 'weight', 'analysis', 'analysis', 'promoted', 'completed']);
    const pre = progress[3]?.analysis;
    expect(pre).toMatchObject({ verdict: 'pass' });
    expect(pre?.requests).toBeGreaterThanOrEqual(3 * ANALYSIS.min_requests); // the probe's traffic on the preview URL
    expect(progress[2]?.preview_url).toMatch(/\/_preview\/hello\/staging$/);
    expect(await m.versions()).toEqual({ v3: 40 });
    clean(report);
  }, 60_000);

  it('a manual rollback inside the scale-down window is an instant switch to the warm set, 0 failed requests', async () => {
    const started = Date.now();
    const { result, report } = await underLoad('rollback v3 → v2 (warm: instant)', () => m.rollback());
    expect(result.event).toMatchObject({ outcome: 'succeeded', outputs: { instant: true, from_digest: await m.release('v3'), release: { digest: await m.release('v2') }, health_path: '/health' } });
    expect(result.at - started).toBeLessThan(5_000);
    expect(await m.versions()).toEqual({ v2: 40 });
    clean(report);
  }, 60_000);

  it('canary: 10 %, 50 %, 100 % with analysis at each step, 0 failed requests', async () => {
    const steps = [
      { weight: 10, duration_seconds: 3, success_criteria: { error_rate: 0.01, latency_p99_ms: 1_000 } },
      { weight: 50, duration_seconds: 3 },
      { weight: 100, duration_seconds: 0 },
    ];
    const rollout = { canary: { steps }, analysis: ANALYSIS };
    const { result, report } = await underLoad('canary v2 → v4 (10/50/100 %)', () => m.deploy({ release: 'v4', strategy: 'canary', rollout }));
    expect(result).toMatchObject({ outcome: 'succeeded', outputs: { release: { digest: await m.release('v4'), previous_digest: await m.release('v2') } } });
    const weights = m.progressOf(result.run_id).filter((p) => p.event.phase === 'weight').map((p) => p.event.weight);
    expect(weights).toEqual([10, 50, 100]);
    const verdicts = m.progressOf(result.run_id).flatMap((p) => (p.event.analysis ? [p.event.analysis.verdict] : []));
    expect(verdicts).toEqual(['pass', 'pass']);
    expect(await m.versions()).toEqual({ v4: 40 });
    clean(report);
  }, 60_000);

  it('a manual rollback after a canary promotion (no warm set) is a rolling redeploy of the recorded release, 0 failed requests', async () => {
    const { result, report } = await underLoad('rollback v4 → v2 (rolling redeploy)', () => m.rollback());
    expect(result.event).toMatchObject({ outcome: 'succeeded', outputs: { instant: false, from_digest: await m.release('v4'), release: { digest: await m.release('v2') } } });
    expect(await m.versions()).toEqual({ v2: 40 });
    clean(report);
  }, 60_000);
});
