import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlatformConfig } from '@jetway/contracts';
import { HttpHealthProbe, LocalRouter, ProcessRuntime, httpGetStatus } from '../drivers/local';
import { packHelloService } from '../drivers/local/artifact.fixture';
import type { DeployDeps, DeployInput } from './deploy.types';
import { FakeReleaseStore } from './deploy.fakes';
import { rollingDeploy } from './rolling-deploy.use-case';
import { verifyRelease } from './verify-release.use-case';

// Real processes of examples/hello-service behind the real router; only the release
// bookkeeping (NATS KV in production) is an in-memory map.

function platform(version: string): PlatformConfig {
  return {
    type: 'local',
    replicas: 2,
    run: { command: 'node server.js', port_env: 'PORT', env: { APP_VERSION: version } },
    // initial_delay covers node's start-up, so early refused connections do not count as failures.
    health_check: { path: '/health', initial_delay: 0.3, interval: 0.2, timeout: 1, success_threshold: 2, failure_threshold: 5 },
  };
}

async function getJson(url: string): Promise<{ status: number; version?: string }> {
  const res = await fetch(url, { headers: { connection: 'close' } });
  const body = (await res.json()) as { version?: string };
  return { status: res.status, version: body.version };
}

/** Keeps GETting `url` until stopped; every status seen is recorded (0 = network error). */
function hammer(url: string): { stop: () => Promise<number[]> } {
  const statuses: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) statuses.push(await httpGetStatus(url, 2_000).catch(() => 0));
  })();
  return { stop: async () => ((running = false), await loop, statuses) };
}

describe('rollingDeploy with real hello-service processes (int)', () => {
  let dir: string;
  let runtime: ProcessRuntime;
  let router: LocalRouter;
  let deps: DeployDeps;
  const startedTargets: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jetway-deploy-int-'));
    runtime = new ProcessRuntime({ dataDir: join(dir, 'data'), stopGraceMs: 3_000 });
    router = await LocalRouter.start({ port: 0 });
    deps = { runtime, router, health: new HttpHealthProbe(), releases: new FakeReleaseStore(), now: () => new Date() };
  });

  afterAll(async () => {
    await runtime.stopAll();
    await router.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function deploy(name: string, version: string, extraFiles: Record<string, string> = {}) {
    const artifactPath = join(dir, `${name}.tar.gz`);
    const digest = await packHelloService(artifactPath, extraFiles);
    const input: DeployInput = {
      run_id: '01J00000000000000000000000',
      application: 'hello',
      environment: 'staging',
      digest,
      platform_config: platform(version),
      artifactPath,
      healthDeadlineMs: 15_000,
    };
    const result = await rollingDeploy(input, deps);
    startedTargets.push(...runtime.running('hello', 'staging').map((i) => i.target));
    return { digest, result };
  }

  it('deploys v1, keeps serving it when a broken release rolls back, then rolls to v2 without dropping a request', async () => {
    const v1 = await deploy('v1', 'v1');
    expect(v1.result.outcome).toBe('succeeded');
    const url = router.urlFor('hello', 'staging');
    expect(await getJson(`${url}/`)).toEqual({ status: 200, version: 'v1' });
    expect(await verifyRelease(url, '/health', 3, httpGetStatus)).toEqual({ outcome: 'succeeded', checks_passed: 3 });
    const v1Targets = runtime.running('hello', 'staging').map((i) => i.target);

    const broken = await deploy('broken', 'v2-broken', { BROKEN: 'health fails on purpose' });
    expect(broken.digest).not.toBe(v1.digest);
    expect(broken.result).toMatchObject({ outcome: 'rolled_back', reason: expect.stringMatching(/\/health failed 5 consecutive checks \(last: status 500\)/) });
    expect(await getJson(`${url}/`)).toEqual({ status: 200, version: 'v1' });
    expect(router.backends('hello', 'staging')).toEqual(v1Targets);
    expect(runtime.running('hello', 'staging').map((i) => i.release.digest)).toEqual([v1.digest, v1.digest]);
    expect(runtime.processesStarted).toBe(4);

    const traffic = hammer(`${url}/`);
    const v2 = await deploy('v2', 'v2', { 'CHANGELOG.txt': 'v2' });
    const statuses = await traffic.stop();
    expect(v2.result).toMatchObject({ outcome: 'succeeded', release: { digest: v2.digest, previous_digest: v1.digest } });
    expect(await getJson(`${url}/`)).toEqual({ status: 200, version: 'v2' });
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    for (const target of v1Targets) {
      await expect(httpGetStatus(`http://${target}/health`, 1_000)).rejects.toThrow(/ECONNREFUSED/);
    }
  });

  it('leaves no process running once stopped', async () => {
    await runtime.stopAll();
    expect(runtime.running('hello', 'staging')).toEqual([]);
    expect(startedTargets.length).toBeGreaterThan(0);
    for (const target of new Set(startedTargets)) {
      await expect(httpGetStatus(`http://${target}/health`, 1_000)).rejects.toThrow(/ECONNREFUSED/);
    }
  });
});
