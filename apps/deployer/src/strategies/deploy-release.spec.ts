import { digestOf } from '../use-cases/deploy.fakes';
import { deployRelease } from './deploy-release';
import { fakeRolloutDeps, rolloutInput, withReplicas, type FakeRolloutDeps } from './rollout.fakes';

const V1 = digestOf('a');
const V2 = digestOf('b');
const CANARY = { canary: { steps: [{ weight: 20, duration_seconds: 1, success_criteria: { error_rate: 0.01 } }, { weight: 100, duration_seconds: 0 }] } };

async function firstRelease(deps: FakeRolloutDeps, replicas = 2): Promise<string[]> {
  const result = await deployRelease(withReplicas(rolloutInput(V1, 'rolling', {}, { run_id: '01J0000000000000000000000A' }), replicas), deps);
  expect(result.outcome).toBe('succeeded');
  deps.progress.events.length = 0;
  return deps.router.backends('hello', 'staging').slice();
}

const serving = (deps: FakeRolloutDeps) => deps.runtime.running('hello', 'staging').map((i) => i.release.digest);

describe('deployRelease with the rollout machines (fakes)', () => {
  it('canary: weights rise step by step, the new release is recorded with previous, the old set stops', async () => {
    const deps = fakeRolloutDeps();
    await firstRelease(deps);
    const result = await deployRelease(rolloutInput(V2, 'canary', CANARY), deps);

    expect(result).toMatchObject({ outcome: 'succeeded', release: { digest: V2, previous_digest: V1 } });
    expect(serving(deps)).toEqual([V2, V2]);
    const weights = [...deps.router.table.values()].map((r) => r.canary?.weight);
    expect(weights).toEqual([undefined]); // the last route: the new set as the stable set
    expect(deps.progress.phases()).toEqual(['started@0', 'started@0', 'weight@20', 'analysis@20', 'weight@100', 'promoted@100']);
    expect(deps.progress.events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
    // The last move is not published: the step's finished carries it.
    expect(result.last_move).toMatchObject({ phase: 'completed', weight: 100, sequence: 7 });
    expect(deps.analysis.requests[0]).toMatchObject({ release: expect.stringMatching(/^b{12}-/), baseline: expect.stringMatching(/^a{12}-/), criteria: { error_rate: 0.01 } });
    // The release record marks the successful end: no state write of its own.
    expect(deps.rollouts.writes.map((w) => w.phase)).not.toContain('done');
  });

  it('a trigger repeated after the release was recorded finishes from that record without moving', async () => {
    const deps = fakeRolloutDeps();
    await firstRelease(deps);
    const input = rolloutInput(V2, 'rolling');
    const first = await deployRelease(input, deps);
    expect(first).toMatchObject({ outcome: 'succeeded', release: { digest: V2, previous_digest: V1 } });
    const [routes, started, writes] = [deps.router.history.length, deps.runtime.started, deps.rollouts.writes.length];
    expect((await deps.rollouts.get('hello', 'staging'))?.phase).toBe('batching'); // the last state written: before the end

    const repeated = await deployRelease(input, deps);
    expect(repeated).toMatchObject({ outcome: 'succeeded', release: { digest: V2, previous_digest: V1 } });
    expect([deps.router.history.length, deps.runtime.started, deps.rollouts.writes.length]).toEqual([routes, started, writes]);
    expect(serving(deps)).toEqual([V2, V2]);
  });

  it('a failed end is written: a repeated trigger gets it without moving', async () => {
    const deps = fakeRolloutDeps();
    await firstRelease(deps);
    deps.health.unhealthy.add(V2);
    const input = rolloutInput(V2, 'canary', CANARY);
    expect(await deployRelease(input, deps)).toMatchObject({ outcome: 'rolled_back' });
    expect((await deps.rollouts.get('hello', 'staging'))?.phase).toBe('done');
    const routes = deps.router.history.length;
    expect(await deployRelease(input, deps)).toMatchObject({ outcome: 'rolled_back' });
    expect(deps.router.history.length).toBe(routes);
  });

  it('canary: a failed analysis puts the weight to 0 and stops the canary; a retry then proceeds normally', async () => {
    const deps = fakeRolloutDeps();
    const stable = await firstRelease(deps);
    deps.analysis.script = ['fail'];
    const aborted = await deployRelease(rolloutInput(V2, 'canary', CANARY), deps);

    expect(aborted).toMatchObject({ outcome: 'rolled_back', reason: expect.stringMatching(/^canary step 1 of 2 \(20 %\): analysis failed: error rate 30.0 %.*aborted: the stable release a{12} serves all traffic$/) });
    expect(serving(deps)).toEqual([V1, V1]);
    expect(await deps.router.route('hello', 'staging')).toEqual({ stable: stable.map((target) => ({ target, release: expect.any(String) })) });
    expect((await deps.releases.get('hello', 'staging'))?.digest).toBe(V1);

    const retried = await deployRelease(rolloutInput(V2, 'canary', CANARY, { attempt: 2 }), deps);
    expect(retried).toMatchObject({ outcome: 'succeeded', release: { digest: V2, previous_digest: V1 } });
  });

  it('canary: an inconclusive analysis pauses; an abort command for this attempt ends it rolled_back', async () => {
    const deps = fakeRolloutDeps();
    await firstRelease(deps);
    deps.analysis.script = ['inconclusive'];
    const deploying = deployRelease(rolloutInput(V2, 'canary', CANARY), deps);
    await until(async () => (await deps.rollouts.get('hello', 'staging'))?.phase === 'paused');
    await deps.rollouts.putCommand({ run_id: '01J99999999999999999999999', step_id: 'deploy-staging', attempt: 1, command: 'abort', by: 'mallory' });
    await deps.rollouts.putCommand({ run_id: '01J00000000000000000000000', step_id: 'deploy-staging', attempt: 1, command: 'abort', by: 'alice' });

    expect(await deploying).toMatchObject({ outcome: 'rolled_back', reason: expect.stringMatching(/abort by alice/) });
    expect(deps.analysis.requests).toHaveLength(1);
    expect(serving(deps)).toEqual([V1, V1]);
  });

  it('a paused canary waits within the step deadline, then aborts', async () => {
    const deps = fakeRolloutDeps();
    await firstRelease(deps);
    deps.analysis.script = ['inconclusive'];
    const deploying = deployRelease(rolloutInput(V2, 'canary', CANARY, { deadline: deps.clock.ms + 60_000 }), deps);
    await until(async () => (await deps.rollouts.get('hello', 'staging'))?.phase === 'paused');
    deps.clock.ms += 60_000;
    expect(await deploying).toMatchObject({ outcome: 'rolled_back', reason: expect.stringMatching(/deadline came before the rollout could finish/) });
  });

  it('a rollout interrupted by a stopping deployer resumes from its recorded weight without starting instances again', async () => {
    const deps = fakeRolloutDeps();
    await firstRelease(deps);
    const steps = { canary: { steps: [{ weight: 20, duration_seconds: 1 }, { weight: 60, duration_seconds: 1 }, { weight: 100, duration_seconds: 0 }] } };
    const gates: Array<() => void> = [];
    const gate = () => new Promise<void>((resolve) => gates.push(resolve));
    deps.analysis.gate = gate();
    const stopping = new AbortController();
    const first = deployRelease(rolloutInput(V2, 'canary', steps), deps, stopping.signal);
    await until(async () => deps.analysis.requests.length === 1);
    deps.analysis.gate = gate();
    gates[0]?.();
    await until(async () => deps.analysis.requests.length === 2);
    stopping.abort();
    await expect(first).rejects.toThrow(/the deployer is stopping/);
    const recorded = await deps.rollouts.get('hello', 'staging');
    expect(recorded).toMatchObject({ phase: 'analysing', stage: 1, weight: 60 });

    const started = deps.runtime.started;
    const weights = spyWeights(deps);
    deps.analysis.gate = undefined;
    const resumed = await deployRelease(rolloutInput(V2, 'canary', steps), deps);
    expect(resumed).toMatchObject({ outcome: 'succeeded' });
    expect(deps.runtime.started).toBe(started);
    const canaryWeights = deps.progress.events.filter((e) => e.phase === 'weight').map((e) => e.weight);
    expect(canaryWeights).toEqual([20, 60, 100]);
    // the resumed rollout routed the recorded 60 % again first, never 0 %
    expect(weights).toEqual([60, 100, undefined]);
  });

  it('a failed start repeated after its state write was lost starts nothing again and fails the same way', async () => {
    const deps = fakeRolloutDeps();
    deps.health.unhealthy.add(V1);
    const put = deps.rollouts.put.bind(deps.rollouts);
    let puts = 0;
    deps.rollouts.put = async (state) => {
      puts += 1;
      if (puts === 2) throw new Error('TIMEOUT'); // the state after the failed batch is not written
      await put(state);
    };
    const input = rolloutInput(V1, 'rolling');
    await expect(deployRelease(input, deps)).rejects.toThrow('TIMEOUT');
    expect(deps.runtime.started).toBe(2);

    const repeated = await deployRelease(input, deps);
    expect(repeated).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/^2 of 2 new instances of sha256:a+ unhealthy: an earlier try of this start found it unhealthy and stopped it/) });
    expect(deps.runtime.started).toBe(2);
    expect(deps.runtime.running('hello', 'staging')).toEqual([]);
  });

  it('rolling: replaces the set in health-gated batches (old and new serve side by side)', async () => {
    const deps = fakeRolloutDeps();
    await firstRelease(deps, 3);
    const mixes: string[] = [];
    const setRoute = deps.router.setRoute.bind(deps.router);
    deps.router.setRoute = async (application, environment, route) => {
      mixes.push(route.stable.map((b) => b.release[0]).sort().join(''));
      await setRoute(application, environment, route);
    };
    const result = await deployRelease(withReplicas(rolloutInput(V2, 'rolling'), 3), deps);
    expect(result.outcome).toBe('succeeded');
    expect(mixes).toEqual(['aaab', 'aab', 'aabb', 'abb', 'abbb', 'bbb']);
    expect(Math.max(...deps.runtime.stops.map((s) => s.length))).toBe(1);
    expect(serving(deps)).toEqual([V2, V2, V2]);
  });

  it('rolling: a failing batch rolls the whole release back (old instances start again, new ones stop)', async () => {
    const deps = fakeRolloutDeps();
    await firstRelease(deps, 3);
    let probes = 0;
    const health = deps.health;
    const flaky = { waitHealthy: async (url: string, ...rest: []) => (deps.runtime.digestAt(url) === V2 && ++probes > 1 ? { healthy: false as const, reason: `${url}/health answered 500` } : health.waitHealthy(url, ...rest)) };
    const result = await deployRelease(withReplicas(rolloutInput(V2, 'rolling'), 3), { ...deps, health: flaky });
    expect(result).toMatchObject({ outcome: 'rolled_back', reason: expect.stringMatching(/^batch 2 of the rolling update failed: .*rolled back: all 3 instances of the previous release a{12} serve again/) });
    expect(serving(deps)).toEqual([V1, V1, V1]);
    expect(deps.router.backends('hello', 'staging')).toHaveLength(3);
  });

  it('blue-green: preview, switch, the old set kept warm for the scale-down delay', async () => {
    const deps = fakeRolloutDeps();
    const old = await firstRelease(deps);
    const result = await deployRelease(rolloutInput(V2, 'blue_green', { blue_green: { auto_promote_seconds: 0, scale_down_delay_seconds: 30 }, analysis: { interval_seconds: 0.01 } }), deps);
    expect(result).toMatchObject({ outcome: 'succeeded', release: { digest: V2 } });
    expect(deps.analysis.requests.map((r) => r.untilMs - deps.clock.ms)).toEqual([30, 30]);
    expect(await deps.rollouts.warm('hello', 'staging')).toMatchObject({ targets: old, until: deps.clock.ms + 30_000, replaced_by: V2 });
    expect(serving(deps).sort()).toEqual([V1, V1, V2, V2]);
    expect(deps.router.backends('hello', 'staging')).not.toEqual(expect.arrayContaining(old));
  });

  it('blue-green repeated after its release was recorded (the deployer died) still keeps the old set warm', async () => {
    const deps = fakeRolloutDeps();
    const old = await firstRelease(deps);
    const putWarm = deps.rollouts.putWarm.bind(deps.rollouts);
    let dieOnce = true;
    deps.rollouts.putWarm = async (warm) => {
      if (dieOnce) {
        dieOnce = false;
        throw new Error('killed');
      }
      await putWarm(warm);
    };
    const input = rolloutInput(V2, 'blue_green', { blue_green: { auto_promote_seconds: 0, scale_down_delay_seconds: 30 }, analysis: { interval_seconds: 0.01 } });
    await expect(deployRelease(input, deps)).rejects.toThrow('killed');
    expect((await deps.releases.get('hello', 'staging'))?.digest).toBe(V2);

    expect(await deployRelease(input, deps)).toMatchObject({ outcome: 'succeeded', release: { digest: V2, previous_digest: V1 } });
    expect(await deps.rollouts.warm('hello', 'staging')).toMatchObject({ targets: old, replaced_by: V2 });
    expect(serving(deps).sort()).toEqual([V1, V1, V2, V2]);
  });

  it('an analysis that cannot run aborts the canary (never a guess)', async () => {
    const deps = fakeRolloutDeps();
    await firstRelease(deps);
    deps.analysis.analyse = async () => Promise.reject(new Error('rollout.analysis.prometheus: missing'));
    const result = await deployRelease(rolloutInput(V2, 'canary', CANARY), deps);
    expect(result).toMatchObject({ outcome: 'rolled_back', reason: expect.stringMatching(/analysis error: the analysis could not run: rollout.analysis.prometheus: missing; aborted/) });
    expect(serving(deps)).toEqual([V1, V1]);
  });

  it('says "nothing to do" for the release already serving, and fails a bad artifact without touching traffic', async () => {
    const deps = fakeRolloutDeps();
    await firstRelease(deps);
    expect(await deployRelease(rolloutInput(V1, 'canary', CANARY, { run_id: '01J0000000000000000000000B' }), deps)).toMatchObject({ outcome: 'succeeded', reason: 'already serving this release; nothing to do' });
    const bad = rolloutInput(V2, 'canary', CANARY);
    deps.runtime.badArtifacts.add(bad.artifactPath);
    expect(await deployRelease(bad, deps)).toMatchObject({ outcome: 'rolled_back', reason: expect.stringMatching(/cannot install .*; the previous release keeps serving/) });
  });
});

/** The canary weight of every route set from now on (undefined: no canary). */
function spyWeights(deps: FakeRolloutDeps): Array<number | undefined> {
  const weights: Array<number | undefined> = [];
  const setRoute = deps.router.setRoute.bind(deps.router);
  deps.router.setRoute = async (application, environment, route) => {
    weights.push(route.canary?.weight);
    await setRoute(application, environment, route);
  };
  return weights;
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error('condition never held');
}
