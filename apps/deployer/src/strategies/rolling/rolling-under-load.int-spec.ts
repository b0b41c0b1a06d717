import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RolloutSpec, type PlatformConfig } from '@jetway/contracts';
import { startHey, type HeyRun } from '@jetway/testing';
import { HttpHealthProbe, ProcessRuntime } from '../../drivers/local';
import { ProcessRouter, stopRouter } from '../../drivers/router';
import { packHelloService } from '../../drivers/local/artifact.fixture';
import { FakeReleaseStore } from '../../use-cases/deploy.fakes';
import type { DeployDeps, DeployInput, DeployResult } from '../../use-cases/deploy.types';
import { rollingDeploy } from '../rollout.fakes';

// Zero failed requests during rolling updates, as a client sees them: Debian's `hey` sends
// steady traffic through the real router process while real examples/hello-service instances
// (ProcessRuntime) are replaced batch by batch (surge 1: old and new serve side by side),
// release after release. Only the bookkeeping (NATS KV in production) is in memory.

/**
 * Requests hey sends (a multiple of the workers: hey rounds down); updates go on one after
 * another until all are answered. Without the router's drain and retry, 9,600 requests got
 * 31–147 502s (backend reset by the old instance's SIGTERM) in each of 5 runs; batches (two
 * health-gated ones per update) make each update slower, hence more requests.
 */
const REQUESTS = 32_000;
const WORKERS = 16;

function platform(version: string): PlatformConfig {
  return {
    type: 'local',
    replicas: 2,
    run: { command: 'node server.js', port_env: 'PORT', env: { APP_VERSION: version } },
    health_check: { path: '/health', initial_delay: 0.2, interval: 0.2, timeout: 1, success_threshold: 2, failure_threshold: 10 },
  };
}

describe('rolling updates under load (int)', () => {
  let dir: string;
  let runtime: ProcessRuntime;
  let router: ProcessRouter;
  let deps: DeployDeps;
  let artifactPath: string;
  let digest: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jetway-load-int-'));
    runtime = new ProcessRuntime({ dataDir: join(dir, 'data'), stopGraceMs: 5_000 });
    router = await ProcessRouter.start({ dataDir: join(dir, 'data'), port: 0 });
    deps = { runtime, router, health: new HttpHealthProbe(), releases: new FakeReleaseStore(), now: () => new Date() };
    artifactPath = join(dir, 'hello.tar.gz');
    digest = await packHelloService(artifactPath);
  });

  afterAll(async () => {
    await runtime.stopAll();
    await stopRouter(join(dir, 'data'));
    await rm(dir, { recursive: true, force: true });
  });

  /** A new release: same artifact, another APP_VERSION (the run spec is part of the release). */
  let attempt = 0;
  function deploy(version: string): Promise<DeployResult> {
    attempt += 1;
    const input: DeployInput = {
      run_id: '01J00000000000000000000000',
      step_id: 'deploy-staging',
      attempt,
      strategy: 'rolling',
      rollout: RolloutSpec.parse({}),
      application: 'hello',
      environment: 'staging',
      digest,
      platform_config: platform(version),
      artifactPath,
      healthDeadlineMs: 15_000,
    };
    return rollingDeploy(input, deps);
  }

  /**
   * Rolls a new release out after another until hey has sent all its requests (at most 40);
   * says how each ended, how many ended while hey was still sending, and which targets they replaced.
   */
  async function rollWhile(hey: HeyRun): Promise<{ outcomes: string[]; underLoad: number; replaced: string[] }> {
    let heyDone = false;
    void hey.finished.finally(() => (heyDone = true)).catch(() => undefined);
    const outcomes: string[] = [];
    const replaced: string[] = [];
    let underLoad = 0;
    for (let n = 2; !heyDone && n <= 41; n += 1) {
      const before = (await router.route('hello', 'staging'))?.stable.map((b) => b.target) ?? [];
      const result = await deploy(`v${n}`);
      outcomes.push(result.outcome === 'succeeded' && !result.reason ? 'rolled' : `${result.outcome}: ${result.reason}`);
      replaced.push(...before);
      if (!heyDone) underLoad += 1;
    }
    return { outcomes, underLoad, replaced };
  }

  it('serves every request of steady hey traffic across consecutive rolling updates', async () => {
    expect((await deploy('v1')).outcome).toBe('succeeded');
    const url = `${router.urlFor('hello', 'staging')}/`;
    const hey = startHey(url, { requests: REQUESTS, concurrency: WORKERS });
    const rolled = await rollWhile(hey).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    const report = await hey.stop();
    if ('error' in rolled) throw rolled.error;
    const { outcomes, underLoad, replaced } = rolled.value;

    expect(outcomes).toEqual(Array(outcomes.length).fill('rolled'));
    expect(underLoad).toBeGreaterThanOrEqual(3); // at least 3 updates began and ended under load
    expect(new Set(replaced).size).toBe(2 * outcomes.length); // every update replaced both instances
    expect({ errors: report.errors, statuses: report.statuses }).toEqual({ errors: {}, statuses: { 200: REQUESTS } });
    expect([report.requests, report.nonSuccess, report.errorCount]).toEqual([REQUESTS, 0, 0]);
    const body = (await (await fetch(url, { headers: { connection: 'close' } })).json()) as { version: string };
    expect(body.version).toBe(`v${outcomes.length + 1}`);
  });
});
