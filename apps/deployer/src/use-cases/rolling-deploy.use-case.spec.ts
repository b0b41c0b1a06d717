import type { PlatformConfig } from '@jetway/contracts';
import { waitFor } from '@jetway/testing';
import { deployInput, digestOf, fakeDeps } from './deploy.fakes';
import { rollingDeploy } from './rolling-deploy.use-case';

/** deployInput(V1) with some of its platform config changed. */
function changed(change: (p: PlatformConfig) => PlatformConfig) {
  const input = deployInput(V1);
  return { ...input, platform_config: change(input.platform_config) };
}

const V1 = digestOf('a');
const V2 = digestOf('b');

describe('rollingDeploy', () => {
  it('starts the replicas, routes to them and records the release', async () => {
    const deps = fakeDeps();
    const result = await rollingDeploy(deployInput(V1), deps);

    expect(result.outcome).toBe('succeeded');
    const targets = deps.runtime.running('hello', 'staging').map((i) => i.target);
    expect(targets).toHaveLength(2);
    expect(deps.router.backends('hello', 'staging')).toEqual(targets);
    expect(result).toMatchObject({ release: { digest: V1, targets, url: 'http://127.0.0.1:8080/hello/staging' } });
    expect(result.outcome === 'succeeded' ? result.release.previous_digest : 'not succeeded').toBeUndefined();
    expect(await deps.releases.get('hello', 'staging')).toMatchObject({ digest: V1, strategy: 'rolling', deployed_at: '2030-01-01T00:00:00.000Z' });
  });

  it('swaps to the new set before stopping the old one and names the previous digest', async () => {
    const deps = fakeDeps();
    await rollingDeploy(deployInput(V1), deps);
    const oldTargets = deps.router.backends('hello', 'staging');

    const result = await rollingDeploy(deployInput(V2, { run_id: '01J00000000000000000000001' }), deps);

    expect(result).toMatchObject({ outcome: 'succeeded', release: { digest: V2, previous_digest: V1 } });
    const running = deps.runtime.running('hello', 'staging');
    expect(running.map((i) => i.release.digest)).toEqual([V2, V2]);
    expect(deps.router.backends('hello', 'staging')).not.toEqual(oldTargets);
    expect(deps.router.history).toHaveLength(2); // one swap per deploy, never an empty set between
    expect((await deps.releases.get('hello', 'staging'))?.previous).toMatchObject({ digest: V1, run_id: '01J00000000000000000000000' });
  });

  it('rolls back when a new instance is unhealthy: new ones stopped, router still on the old set', async () => {
    const deps = fakeDeps();
    await rollingDeploy(deployInput(V1), deps);
    const oldTargets = deps.router.backends('hello', 'staging');
    deps.health.unhealthy.add(V2);

    const result = await rollingDeploy(deployInput(V2), deps);

    expect(result.outcome).toBe('rolled_back');
    expect(result.outcome !== 'succeeded' && result.reason).toMatch(/2 of 2 new instances of sha256:b+ unhealthy.*500.*previous release keeps serving/);
    expect(deps.router.backends('hello', 'staging')).toEqual(oldTargets);
    expect(deps.runtime.running('hello', 'staging').map((i) => i.release.digest)).toEqual([V1, V1]);
    expect((await deps.releases.get('hello', 'staging'))?.digest).toBe(V1);
  });

  it('fails (nothing to roll back to) when the first release is unhealthy', async () => {
    const deps = fakeDeps();
    deps.health.unhealthy.add(V1);
    const result = await rollingDeploy(deployInput(V1), deps);
    expect(result).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/no previous release was serving/) });
    expect(deps.runtime.live.size).toBe(0);
    expect(await deps.releases.get('hello', 'staging')).toBeUndefined();
  });

  it('turns a bad artifact into a failure without starting anything', async () => {
    const deps = fakeDeps();
    const input = deployInput(V1);
    deps.runtime.badArtifacts.add(input.artifactPath);
    const result = await rollingDeploy(input, deps);
    expect(result).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/cannot install/) });
    expect(deps.runtime.started).toBe(0);
  });

  it('records the spec the release runs with', async () => {
    const deps = fakeDeps();
    await rollingDeploy(deployInput(V1), deps);
    const { replicas, run, health_check } = deployInput(V1).platform_config;
    expect((await deps.releases.get('hello', 'staging'))?.spec).toEqual({ replicas, run, health_check });
  });

  it('says so when exactly this release already serves, and changes nothing', async () => {
    const deps = fakeDeps();
    await rollingDeploy(deployInput(V1), deps);
    const [started, swaps] = [deps.runtime.started, deps.router.history.length];

    const again = await rollingDeploy(deployInput(V1), deps);

    expect(again).toMatchObject({ outcome: 'succeeded', reason: 'already serving this release; nothing to do', release: { digest: V1 } });
    expect([deps.runtime.started, deps.runtime.stopped, deps.router.history.length]).toEqual([started, 0, swaps]);
  });

  it.each([
    ['run.command', (p: PlatformConfig) => ({ ...p, run: { ...p.run, command: 'node other.js' } })],
    ['run.port_env', (p: PlatformConfig) => ({ ...p, run: { ...p.run, port_env: 'HTTP_PORT' } })],
    ['run.env', (p: PlatformConfig) => ({ ...p, run: { ...p.run, env: { GREETING: 'hi' } } })],
    ['health_check', (p: PlatformConfig) => ({ ...p, health_check: { ...p.health_check, path: '/ready' } })],
  ])('rolls the same digest out again when only %s changed', async (_field, change) => {
    const deps = fakeDeps();
    await rollingDeploy(deployInput(V1), deps);
    const oldIds = deps.runtime.running('hello', 'staging').map((i) => i.id);
    const input = changed(change);

    const result = await rollingDeploy(input, deps);

    expect(result).toMatchObject({ outcome: 'succeeded', release: { digest: V1, previous_digest: V1 } }); // the release it replaced
    expect(result.reason).toBeUndefined();
    const running = deps.runtime.running('hello', 'staging');
    expect(running.filter((i) => oldIds.includes(i.id))).toEqual([]);
    expect(running.map((i) => i.run)).toEqual([input.platform_config.run, input.platform_config.run]);
    expect(deps.router.backends('hello', 'staging')).toEqual(running.map((i) => i.target));
    expect((await deps.releases.get('hello', 'staging'))?.spec?.health_check).toEqual(input.platform_config.health_check);
  });

  it('rolls out again when only the replica count changed', async () => {
    const deps = fakeDeps();
    await rollingDeploy(deployInput(V1), deps);
    const result = await rollingDeploy(changed((p) => ({ ...p, replicas: 3 })), deps);
    expect(result).toMatchObject({ outcome: 'succeeded', release: { digest: V1 } });
    expect(deps.runtime.running('hello', 'staging')).toHaveLength(3);
    expect(deps.router.backends('hello', 'staging')).toHaveLength(3);
  });

  it('stops the old instances only once the router drained them', async () => {
    const deps = fakeDeps();
    await rollingDeploy(deployInput(V1), deps);
    const oldTargets = [...deps.router.backends('hello', 'staging')];
    let openGate: () => void = () => undefined;
    deps.router.drainGate = new Promise((resolve) => (openGate = resolve));

    const rolling = rollingDeploy(deployInput(V2), deps);
    await waitFor(() => deps.router.drains.length === 1);
    expect(deps.router.drains).toEqual([oldTargets]);
    expect(deps.router.backends('hello', 'staging')).not.toEqual(oldTargets); // swapped already
    expect(deps.runtime.stops).toEqual([]); // but nothing stopped while requests are in flight
    openGate();

    expect((await rolling).outcome).toBe('succeeded');
    expect(deps.runtime.stops).toEqual([oldTargets]);
  });

  it('fails at once when new instances exit before they are healthy, quoting the exit code and stderr once', async () => {
    const deps = fakeDeps();
    await rollingDeploy(deployInput(V1), deps);
    const stderr = 'Traceback (most recent call last):\n  File "app.py", line 3, in <module>\n    port = os.environ["PORT"]\nKeyError: \'PORT\'\n';
    deps.runtime.crashes.set(V2, { exit: { code: 1, signal: null }, stderr });

    // The health probe never answers a crashed instance (a real one would wait for its deadline).
    const result = await rollingDeploy(deployInput(V2, { healthDeadlineMs: 600_000 }), deps);

    expect(result.outcome).toBe('rolled_back');
    expect(result.reason).toMatch(/^2 of 2 new instances of sha256:b+ unhealthy: exited with code 1 before it was healthy; the previous release keeps serving\n/);
    expect(result.reason).toContain("    port = os.environ[\"PORT\"]\n  KeyError: 'PORT'");
    expect(result.reason?.split("KeyError: 'PORT'")).toHaveLength(2); // once, not once per replica
    expect(result.reason).not.toMatch(/ECONNREFUSED|not healthy within/);
    expect(deps.runtime.running('hello', 'staging').map((i) => i.release.digest)).toEqual([V1, V1]);
  }, 5_000);

  it('does not start processes again when the same release already serves (redelivery)', async () => {
    const deps = fakeDeps();
    await rollingDeploy(deployInput(V1), deps);
    await rollingDeploy(deployInput(V2), deps);
    const startedBefore = deps.runtime.started;

    const again = await rollingDeploy(deployInput(V2), deps);

    expect(deps.runtime.started).toBe(startedBefore);
    expect(again).toMatchObject({ outcome: 'succeeded', release: { digest: V2, previous_digest: V1 } });
  });

  it('redeploys the same digest when its instances are no longer healthy', async () => {
    const deps = fakeDeps();
    await rollingDeploy(deployInput(V1), deps);
    const first = deps.runtime.started;
    const [crashed] = deps.runtime.running('hello', 'staging');
    deps.health.down.add(crashed?.baseUrl ?? 'no instance');

    const result = await rollingDeploy(deployInput(V1), deps);

    expect(result.outcome).toBe('succeeded');
    expect(deps.runtime.started).toBe(first + 2);
    expect(deps.runtime.running('hello', 'staging').map((i) => i.id)).not.toContain(crashed?.id);
  });

  it('takes over the instances an interrupted deploy left running instead of starting them again', async () => {
    const deps = fakeDeps();
    await rollingDeploy(deployInput(V1), deps);
    const ref = { application: 'hello', environment: 'staging' as const, digest: V2 };
    await deps.runtime.install(ref, '/v2.tgz');
    const left = await deps.runtime.start(ref, deployInput(V2).platform_config.run, 2); // then the deployer died
    const startedBefore = deps.runtime.started;

    const result = await rollingDeploy(deployInput(V2), deps);

    expect(result).toMatchObject({ outcome: 'succeeded', release: { digest: V2, previous_digest: V1 } });
    expect(deps.runtime.started).toBe(startedBefore);
    expect(deps.router.backends('hello', 'staging')).toEqual(left.map((i) => i.target));
    expect(deps.runtime.running('hello', 'staging').map((i) => i.release.digest)).toEqual([V2, V2]);
  });

  it('rolls back an interrupted unhealthy release without starting it a second time', async () => {
    const deps = fakeDeps();
    await rollingDeploy(deployInput(V1), deps);
    deps.health.unhealthy.add(V2);
    const ref = { application: 'hello', environment: 'staging' as const, digest: V2 };
    await deps.runtime.install(ref, '/v2.tgz');
    await deps.runtime.start(ref, deployInput(V2).platform_config.run, 2);
    const startedBefore = deps.runtime.started;

    const result = await rollingDeploy(deployInput(V2), deps);

    expect(result.outcome).toBe('rolled_back');
    expect(deps.runtime.started).toBe(startedBefore);
    expect(deps.runtime.running('hello', 'staging').map((i) => i.release.digest)).toEqual([V1, V1]);
  });
});
