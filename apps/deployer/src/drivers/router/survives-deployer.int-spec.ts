import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Subscription } from 'nats';
import { ulid } from 'ulid';
import { artifactObjectName, type DeployFinished, type DeployTriggered } from '@jetway/contracts';
import { ArtifactObjects, AttestationStore, EventPublisher, Mesh } from '@jetway/messaging';
import { freePort, startHey, startNats, waitFor, type NatsFixture } from '@jetway/testing';
import { routerPaths, readRecord } from '../../router/router-files';
import { packHelloService } from '../local/artifact.fixture';
import { stopLocalPlatform } from './local-platform';

// Deployments survive the deployer: real deployer processes (as `npm start` runs them, from
// TypeScript here) on a real nats-server, real hello-service instances behind the real router
// process, and Debian's `hey` sending steady requests through the router the whole time. The
// deployer is stopped gracefully (SIGTERM), then killed (SIGKILL); each next deployer adopts the
// router and the instances, and the last one deploys a new release through the adopted router.
// The clients must not see a single failed request.

const ROOT = resolve(__dirname, '../../../../..');
const HEALTH = { path: '/health', initial_delay: 0.2, interval: 0.2, timeout: 1, success_threshold: 2, failure_threshold: 10 };
/** Steady load: 4 workers at 50 requests/s each; the scenario lasts well over the 10 s that make 2,000. */
const WORKERS = 4;
const QPS_PER_WORKER = 50;
const MIN_REQUESTS = 2_000;

describe('deployments survive the deployer (int, real processes)', () => {
  let nats: NatsFixture;
  let mesh: Mesh;
  let publisher: EventPublisher;
  let finished: Subscription;
  const results = new Map<string, DeployFinished>();
  let dir: string;
  let dataDir: string;
  let routerPort: number;
  let digest: string;
  const deployers: ChildProcess[] = [];

  beforeAll(async () => {
    nats = await startNats();
    mesh = await Mesh.connect({ servers: nats.url, name: 'survives-deployer-int-spec' });
    const objects = ArtifactObjects.of(mesh);
    publisher = new EventPublisher(mesh.js, 'survives-deployer-int-spec');
    dir = await mkdtemp(join(tmpdir(), 'jetway-survive-'));
    dataDir = join(dir, 'deployer');
    routerPort = await freePort();
    const file = join(dir, 'hello.tar.gz');
    digest = await packHelloService(file);
    await objects.putFile(artifactObjectName(digest), file);
    const scan = { kind: 'scan' as const, digest, verdict: 'pass' as const, fail_on_severity: 'high', counts: {}, run_id: ulid(), at: new Date().toISOString() };
    await new AttestationStore(mesh).recordScan(scan);
    finished = mesh.nc.subscribe('jetway.step.deploy.finished.v1', {
      callback: (_error, msg) => {
        const event = msg.json<DeployFinished>();
        results.set(`${event.run_id}/${event.attempt}`, event);
      },
    });
  });

  afterAll(async () => {
    for (const child of deployers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await stopLocalPlatform(dataDir, 2_000);
    finished?.unsubscribe();
    await mesh?.drain();
    await nats?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** A deployer process, ready (its /health/ready answers 200). */
  async function startDeployerProcess(name: string): Promise<ChildProcess> {
    const opsPort = await freePort();
    const log = join(dir, `${name}.log`);
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/deployer/src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'],
        JETWAY_NATS_URL: nats.url,
        JETWAY_OPS_PORT: String(opsPort),
        JETWAY_LOG_LEVEL: 'info',
        JETWAY_DEPLOYER_DATA_DIR: dataDir,
        JETWAY_ROUTER_PORT: String(routerPort),
        JETWAY_HEALTH_DEADLINE_MS: '30000',
        JETWAY_VERIFY_HOLD_MS: '0', // deploys without a planner, so without verifies: nothing held
      },
      stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')],
    });
    deployers.push(child);
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`deployer ${name} exited ${child.exitCode}:\n${readFileSync(log, 'utf8').slice(-2_000)}`);
        const res = await fetch(`http://127.0.0.1:${opsPort}/health/ready`).catch(() => undefined);
        return res?.status === 200;
      },
      { timeoutMs: 60_000, intervalMs: 200, message: `deployer ${name} to be ready` },
    );
    return child;
  }

  async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
    const exited = new Promise((done) => child.once('exit', done));
    child.kill(signal);
    await exited;
  }

  async function deploy(version: string): Promise<DeployFinished> {
    const runId = ulid();
    const trigger: DeployTriggered = {
      run_id: runId,
      step_id: 'deploy-staging',
      attempt: 1,
      application: 'hello',
      environment: 'staging',
      digest,
      strategy: 'rolling',
      platform_config: { type: 'local', replicas: 2, run: { command: 'node server.js', port_env: 'PORT', env: { APP_VERSION: version } }, health_check: HEALTH },
    };
    await publisher.publish('jetway.step.deploy.triggered.v1', trigger, { runId, stepId: trigger.step_id, attempt: 1 });
    return waitFor(() => results.get(`${runId}/1`), { timeoutMs: 60_000, message: `the deploy of ${version} to finish` });
  }

  const url = () => `http://127.0.0.1:${routerPort}/hello/staging/`;
  const version = async () => ((await (await fetch(url(), { headers: { connection: 'close' } })).json()) as { version: string }).version;

  it('serves every request while the deployer is stopped, killed and replaced, and the next deploy goes through the adopted router', async () => {
    const first = await startDeployerProcess('first');
    expect(await deploy('v1')).toMatchObject({ outcome: 'succeeded' });
    const router = readRecord(routerPaths(dataDir).record);
    expect(await version()).toBe('v1');

    const began = Date.now();
    const hey = startHey(url(), { concurrency: WORKERS, qps: QPS_PER_WORKER, seconds: 120 });
    try {
      await stop(first, 'SIGTERM');
      expect(await version()).toBe('v1'); // no deployer: the router and the instances serve on
      const second = await startDeployerProcess('second');
      await stop(second, 'SIGKILL');
      expect(await version()).toBe('v1');
      await startDeployerProcess('third');
      const v2 = await deploy('v2');
      expect(v2).toMatchObject({ outcome: 'succeeded', outputs: { release: { url: `http://127.0.0.1:${routerPort}/hello/staging` } } });
      expect(await version()).toBe('v2');
      // Enough steady load before and after the last deploy: at least 2,000 requests in all.
      await waitFor(() => Date.now() - began > (MIN_REQUESTS / (WORKERS * QPS_PER_WORKER)) * 1_000 * 1.3, { timeoutMs: 60_000, intervalMs: 250 });
    } finally {
      const report = await hey.stop();
      expect({ errors: report.errors, nonSuccess: report.nonSuccess }).toEqual({ errors: {}, nonSuccess: 0 });
      expect(report.requests).toBeGreaterThanOrEqual(MIN_REQUESTS);
      expect(report.statuses).toEqual({ 200: report.requests });
    }

    // One router process all along: each deployer adopted it.
    expect(readRecord(routerPaths(dataDir).record)?.pid).toBe(router?.pid);
    expect(readFileSync(join(dir, 'second.log'), 'utf8')).toContain(`adopted the running router process (pid ${router?.pid})`);
    expect(readFileSync(join(dir, 'third.log'), 'utf8')).toContain(`adopted the running router process (pid ${router?.pid})`);
    expect(readFileSync(join(dir, 'first.log'), 'utf8')).toContain(`started the router process (pid ${router?.pid})`);
  });
});
