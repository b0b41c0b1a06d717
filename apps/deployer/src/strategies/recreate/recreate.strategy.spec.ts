import { digestOf } from '../../use-cases/deploy.fakes';
import { deployRelease } from '../deploy-release';
import { fakeRolloutDeps, rolloutInput } from '../rollout.fakes';

const V1 = digestOf('a');
const V2 = digestOf('b');
const recreate = (digest: string, run = 'A') => rolloutInput(digest, 'recreate', {}, { run_id: `01J0000000000000000000000${run}` });

describe('recreate (the one strategy with downtime)', () => {
  it('stops the old release, then starts the new one and routes to it', async () => {
    const deps = fakeRolloutDeps();
    await deployRelease(recreate(V1), deps);
    const result = await deployRelease(recreate(V2, 'B'), deps);
    expect(result).toMatchObject({ outcome: 'succeeded', release: { digest: V2, previous_digest: V1 } });
    expect(deps.runtime.running('hello', 'staging').map((i) => i.release.digest)).toEqual([V2, V2]);
    // the route is emptied (the router answers 503) while nothing runs, then points at the new set
    expect(deps.router.history.map((t) => t.length)).toEqual([2, 0, 2]);
    expect((await deps.releases.get('hello', 'staging'))?.strategy).toBe('recreate');
  });

  it('starts the previous release again when the new one is unhealthy → rolled_back', async () => {
    const deps = fakeRolloutDeps();
    await deployRelease(recreate(V1), deps);
    deps.health.unhealthy.add(V2);
    const result = await deployRelease(recreate(V2, 'B'), deps);
    expect(result).toMatchObject({ outcome: 'rolled_back', reason: expect.stringMatching(/restored the previous release sha256:a+/) });
    expect(deps.runtime.running('hello', 'staging').map((i) => i.release.digest)).toEqual([V1, V1]);
    expect((await deps.releases.get('hello', 'staging'))?.digest).toBe(V1);
  });

  it('fails when the previous release cannot be started again, saying both', async () => {
    const deps = fakeRolloutDeps();
    await deployRelease(recreate(V1), deps);
    deps.health.unhealthy.add(V1);
    deps.health.unhealthy.add(V2);
    expect(await deployRelease(recreate(V2, 'B'), deps)).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/restoring sha256:a+ failed too/) });
  });

  it('does not stop the running release when the new artifact is bad', async () => {
    const deps = fakeRolloutDeps();
    await deployRelease(recreate(V1), deps);
    const input = recreate(V2, 'B');
    deps.runtime.badArtifacts.add(input.artifactPath);
    expect(await deployRelease(input, deps)).toMatchObject({ outcome: 'rolled_back', reason: expect.stringMatching(/cannot install/) });
    expect(deps.runtime.running('hello', 'staging').map((i) => i.release.digest)).toEqual([V1, V1]);
  });

  it('repeated before it routed the new set (the deployer died), takes over that set instead of starting it again', async () => {
    const deps = fakeRolloutDeps();
    await deployRelease(recreate(V1), deps);
    const setRoute = deps.router.setRoute.bind(deps.router);
    let failOnce = true;
    deps.router.setRoute = async (application, environment, route) => {
      if (failOnce && route.stable.length > 0) {
        failOnce = false;
        throw new Error('killed');
      }
      await setRoute(application, environment, route);
    };
    const started = deps.runtime.started;
    await expect(deployRelease(recreate(V2, 'B'), deps)).rejects.toThrow('killed');
    expect(await deployRelease(recreate(V2, 'B'), deps)).toMatchObject({ outcome: 'succeeded', release: { digest: V2 } });
    expect(deps.runtime.started - started).toBe(2);
    expect(deps.runtime.running('hello', 'staging').map((i) => i.release.digest)).toEqual([V2, V2]);
  });

  it('repeated after it stopped the old set (the deployer died), still restores the recorded release when the new one is unhealthy', async () => {
    const deps = fakeRolloutDeps();
    await deployRelease(recreate(V1), deps);
    deps.health.unhealthy.add(V2);
    const start = deps.runtime.start.bind(deps.runtime);
    let dieOnce = true;
    deps.runtime.start = async (...args) => {
      if (dieOnce) {
        dieOnce = false;
        throw new Error('killed');
      }
      return start(...args);
    };
    await expect(deployRelease(recreate(V2, 'B'), deps)).rejects.toThrow('killed');
    expect(deps.runtime.running('hello', 'staging')).toEqual([]); // the old set was stopped, nothing serves

    const result = await deployRelease(recreate(V2, 'B'), deps);
    expect(result).toMatchObject({ outcome: 'rolled_back', reason: expect.stringMatching(/restored the previous release sha256:a+/) });
    expect(deps.runtime.running('hello', 'staging').map((i) => i.release.digest)).toEqual([V1, V1]);
    expect(deps.router.history.at(-1)).toHaveLength(2);
  });
});
