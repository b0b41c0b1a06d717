import type { Release } from '@jetway/contracts';
import { KeyedQueue } from '../handlers/keyed-queue';
import { deployInput, digestOf, fakeDeps } from './deploy.fakes';
import { restoreRelease, restoreReleases, type RestoreDeps, type RestoreOutcome } from './restore-releases.use-case';
import { rollingDeploy } from '../strategies/rollout.fakes';

const V1 = digestOf('a');
const V2 = digestOf('b');

/** Fake deploy ports plus a fetch that records which digests it was asked for. */
function restoreDeps() {
  const deps = fakeDeps();
  const fetched: string[] = [];
  const restore: RestoreDeps = {
    ...deps,
    fetchArtifact: async (digest) => (fetched.push(digest), `/downloads/${digest}.tar.gz`),
    healthDeadlineMs: 1_000,
  };
  return { deps, restore, fetched };
}

/** What a graceful stop leaves: the release recorded, nothing running, nothing routed, nothing installed. */
async function gracefullyStopped(d: ReturnType<typeof restoreDeps>, release = deployInput(V1)): Promise<Release> {
  await rollingDeploy(release, d.deps);
  await d.deps.runtime.stop(d.deps.runtime.instances());
  d.deps.router.table.clear();
  d.deps.runtime.installed.clear();
  const recorded = await d.deps.releases.get('hello', 'staging');
  if (!recorded) throw new Error('no release recorded');
  return recorded;
}

describe('restoreRelease', () => {
  it('starts the recorded release again with its recorded spec, fetching the artifact, and routes it', async () => {
    const d = restoreDeps();
    const input = deployInput(V1);
    const spec = { ...input.platform_config, replicas: 3, run: { command: 'python app.py', port_env: 'HTTP_PORT', env: { MODE: 'x' } } };
    const release = await gracefullyStopped(d, { ...input, platform_config: spec });

    const outcome = await restoreRelease(release, d.restore);

    expect(outcome).toMatchObject({ application: 'hello', environment: 'staging', digest: V1, outcome: 'restored' });
    expect(d.fetched).toEqual([V1]);
    const running = d.deps.runtime.running('hello', 'staging');
    expect(running.map((i) => i.run)).toEqual([spec.run, spec.run, spec.run]);
    expect(d.deps.router.backends('hello', 'staging')).toEqual(running.map((i) => i.target));
    expect((await d.deps.releases.get('hello', 'staging'))?.targets).toEqual(running.map((i) => i.target));
  });

  it('does not fetch an artifact that is still installed', async () => {
    const d = restoreDeps();
    const release = await gracefullyStopped(d);
    d.deps.runtime.installed.add(V1);
    expect((await restoreRelease(release, d.restore)).outcome).toBe('restored');
    expect(d.fetched).toEqual([]);
  });

  it('keeps adopted instances of the release instead of starting more', async () => {
    const d = restoreDeps();
    await rollingDeploy(deployInput(V1), d.deps);
    const release = (await d.deps.releases.get('hello', 'staging')) as Release;
    const started = d.deps.runtime.started;
    expect(await restoreRelease(release, d.restore)).toMatchObject({ outcome: 'running' });
    expect(d.deps.runtime.started).toBe(started);
  });

  it('reports a release recorded without its spec as not restorable and starts nothing', async () => {
    const d = restoreDeps();
    const { spec: _spec, ...older } = await gracefullyStopped(d);
    const outcome = await restoreRelease(older, d.restore);
    expect(outcome).toMatchObject({ outcome: 'not_restorable', detail: expect.stringMatching(/without its run spec.*deploy it again/) });
    expect(d.deps.runtime.live.size).toBe(0);
    expect(d.fetched).toEqual([]);
  });

  it('fails with the reason when the restored instances exit, leaving nothing running', async () => {
    const d = restoreDeps();
    const release = await gracefullyStopped(d);
    d.deps.runtime.crashes.set(V1, { exit: { code: 2, signal: null }, stderr: 'PORT must be a TCP port number\n' });
    const outcome = await restoreRelease(release, d.restore);
    expect(outcome).toMatchObject({ outcome: 'failed', detail: expect.stringMatching(/exited with code 2[^]*PORT must be a TCP port number/) });
    expect(d.deps.runtime.live.size).toBe(0);
    expect(d.deps.router.backends('hello', 'staging')).toEqual([]);
  });

  it('fails with the error when the artifact cannot be fetched', async () => {
    const d = restoreDeps();
    const release = await gracefullyStopped(d);
    const outcome = await restoreRelease(release, { ...d.restore, fetchArtifact: async () => Promise.reject(new Error('object gone')) });
    expect(outcome).toMatchObject({ outcome: 'failed', detail: 'object gone' });
  });
});

describe('restoreReleases', () => {
  it('restores every recorded release through the rollout queue and reports each', async () => {
    const d = restoreDeps();
    await gracefullyStopped(d);
    await rollingDeploy({ ...deployInput(V2), environment: 'production' }, d.deps);
    await d.deps.runtime.stop(d.deps.runtime.running('hello', 'production'));
    const queue = new KeyedQueue();
    const keys: string[] = [];
    const reported: RestoreOutcome[] = [];

    await restoreReleases(d.restore, (key, task) => (keys.push(key), queue.run(key, task)), (o) => reported.push(o));

    expect(keys).toEqual(['hello/staging', 'hello/production']);
    expect(reported.map((o) => [o.environment, o.digest, o.outcome])).toEqual([
      ['staging', V1, 'restored'],
      ['production', V2, 'restored'],
    ]);
  });

  it('restores what is recorded when its turn comes, not what was listed before a deploy', async () => {
    const d = restoreDeps();
    await gracefullyStopped(d);
    const queue = new KeyedQueue();
    // A deploy of V2 was queued first: by the time the restore runs, V2 serves and is recorded.
    const deploy = queue.run('hello/staging', () => rollingDeploy(deployInput(V2), d.deps));
    const reported: RestoreOutcome[] = [];
    await restoreReleases(d.restore, (key, task) => queue.run(key, task), (o) => reported.push(o));
    await deploy;
    expect(reported).toMatchObject([{ digest: V2, outcome: 'running' }]);
    expect(d.deps.runtime.running('hello', 'staging').map((i) => i.release.digest)).toEqual([V2, V2]);
  });
});
