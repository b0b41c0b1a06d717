import { deployInput, digestOf, fakeDeps } from './deploy.fakes';
import { recreateDeploy } from './recreate-deploy.use-case';

const V1 = digestOf('a');
const V2 = digestOf('b');

describe('recreateDeploy', () => {
  it('stops the old release, starts the new one and routes to it', async () => {
    const deps = fakeDeps();
    await recreateDeploy(deployInput(V1), deps);
    const result = await recreateDeploy(deployInput(V2), deps);

    expect(result).toMatchObject({ outcome: 'succeeded', release: { digest: V2, previous_digest: V1 } });
    expect(deps.runtime.running('hello', 'staging').map((i) => i.release.digest)).toEqual([V2, V2]);
    // the router is emptied (503) while nothing runs, then points at the new set
    expect(deps.router.history.map((t) => t.length)).toEqual([2, 0, 2]);
    expect((await deps.releases.get('hello', 'staging'))?.strategy).toBe('recreate');
  });

  it('restarts the previous release when the new one is unhealthy → rolled_back', async () => {
    const deps = fakeDeps();
    await recreateDeploy(deployInput(V1), deps);
    deps.health.unhealthy.add(V2);

    const result = await recreateDeploy(deployInput(V2), deps);

    expect(result).toMatchObject({ outcome: 'rolled_back', reason: expect.stringMatching(/restored the previous release sha256:a+/) });
    const running = deps.runtime.running('hello', 'staging');
    expect(running.map((i) => i.release.digest)).toEqual([V1, V1]);
    expect(deps.router.backends('hello', 'staging')).toEqual(running.map((i) => i.target));
    expect((await deps.releases.get('hello', 'staging'))?.digest).toBe(V1);
  });

  it('fails when the previous release is not installed any more', async () => {
    const deps = fakeDeps();
    await recreateDeploy(deployInput(V1), deps);
    deps.runtime.installed.delete(V1);
    deps.health.unhealthy.add(V2);

    const result = await recreateDeploy(deployInput(V2), deps);

    expect(result).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/no installed previous release/) });
    expect(deps.runtime.live.size).toBe(0);
  });

  it('fails saying both when restoring the previous release fails too', async () => {
    const deps = fakeDeps();
    await recreateDeploy(deployInput(V1), deps);
    deps.health.unhealthy.add(V1);
    deps.health.unhealthy.add(V2);
    const result = await recreateDeploy(deployInput(V2), deps);
    expect(result).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/restoring sha256:a+ failed too/) });
  });

  it('does not stop the running release when the new artifact is bad', async () => {
    const deps = fakeDeps();
    await recreateDeploy(deployInput(V1), deps);
    const input = deployInput(V2);
    deps.runtime.badArtifacts.add(input.artifactPath);

    const result = await recreateDeploy(input, deps);

    expect(result.outcome).toBe('failed');
    expect(deps.runtime.stopped).toBe(0);
    expect(deps.router.backends('hello', 'staging')).toHaveLength(2);
  });

  it('restores the previous release with its recorded run spec when none of its instances runs any more', async () => {
    const deps = fakeDeps();
    const v1 = deployInput(V1);
    const v1Run = { ...v1.platform_config.run, command: 'node v1.js', env: { MODE: 'v1' } };
    await recreateDeploy({ ...v1, platform_config: { ...v1.platform_config, run: v1Run } }, deps);
    await deps.runtime.stop(deps.runtime.instances()); // they crashed while nobody looked
    deps.health.unhealthy.add(V2);

    const result = await recreateDeploy(deployInput(V2), deps);

    expect(result).toMatchObject({ outcome: 'rolled_back', reason: expect.stringMatching(/restored the previous release sha256:a+/) });
    expect(deps.runtime.running('hello', 'staging').map((i) => [i.release.digest, i.run])).toEqual([
      [V1, v1Run],
      [V1, v1Run],
    ]);
  });
});
