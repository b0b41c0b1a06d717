import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Subscription } from 'nats';
import { ulid } from 'ulid';
import { artifactObjectName, INLINE_LOG_BYTES, releaseKey, type DeployFinished, type DeployTriggered, type Release } from '@jetway/contracts';
import { ArtifactObjects, AttestationStore, EventPublisher, Mesh, type ServiceHandle } from '@jetway/messaging';
import { freePort, startNats, waitFor, type NatsFixture } from '@jetway/testing';
import { packHelloService } from './drivers/local/artifact.fixture';
import { loadDeployerConfig, startDeployer, stopLocalPlatform } from './index';

// The deployer as `npm start` runs it, on a real nats-server: deploy steps in, finished events
// and step logs out; then a graceful stop (the app keeps serving), a stop of the whole local
// platform, and a start again that must bring the app back.

/**
 * A Python-style crash: the app reads HTTP_PORT, the platform sets PORT. Its deep traceback
 * makes the step log larger than INLINE_LOG_BYTES, so it is stored as an object.
 */
const CRASHING_APP = `process.stderr.write('Traceback (most recent call last):\\n');
for (let i = 1; i <= 80; i++) process.stderr.write('  File "lib/frame_' + i + '.py", line ' + i + ', in call\\n');
process.stderr.write('  File "app.py", line 4, in <module>\\n    port = int(os.environ["HTTP_PORT"])\\n');
process.stderr.write("KeyError: 'HTTP_PORT'\\n");
process.exit(1);
`;
const HEALTH = { path: '/health', initial_delay: 0, interval: 0.5, timeout: 1, success_threshold: 1, failure_threshold: 100 };

describe('deployer service on a real nats-server (int)', () => {
  let nats: NatsFixture;
  let mesh: Mesh;
  let objects: ArtifactObjects;
  let publisher: EventPublisher;
  let finished: Subscription;
  const results = new Map<string, DeployFinished>();
  let dir: string;
  let routerPort: number;
  let deployer: ServiceHandle | undefined;
  const digests: Record<'hello' | 'crash', string> = { hello: '', crash: '' };

  beforeAll(async () => {
    nats = await startNats();
    mesh = await Mesh.connect({ servers: nats.url, name: 'deployer-int-spec' });
    objects = ArtifactObjects.of(mesh);
    publisher = new EventPublisher(mesh.js, 'deployer-int-spec');
    dir = await mkdtemp(join(tmpdir(), 'jetway-deployer-int-'));
    routerPort = await freePort();
    for (const [name, extra] of [['hello', {}], ['crash', { 'app.js': CRASHING_APP }]] as const) {
      const file = join(dir, `${name}.tar.gz`);
      digests[name] = await packHelloService(file, extra);
      await objects.putFile(artifactObjectName(digests[name]), file);
      const scan = { kind: 'scan' as const, digest: digests[name], verdict: 'pass' as const, fail_on_severity: 'high', counts: {}, run_id: ulid(), at: new Date().toISOString() };
      await new AttestationStore(mesh).recordScan(scan);
    }
    finished = mesh.nc.subscribe('jetway.step.deploy.finished.v1', {
      callback: (_error, msg) => {
        const event = msg.json<DeployFinished>();
        results.set(`${event.run_id}/${event.attempt}`, event);
      },
    });
    deployer = await start('first');
  });

  afterAll(async () => {
    finished?.unsubscribe();
    await deployer?.stop();
    await Promise.all(['first', 'second'].map((name) => stopLocalPlatform(join(dir, name))));
    await mesh?.drain();
    await nats?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  function start(name: string, level: 'info' | 'warn' = 'warn'): Promise<ServiceHandle> {
    return startDeployer(
      loadDeployerConfig({
        JETWAY_NATS_URL: nats.url,
        JETWAY_LOG_LEVEL: level,
        JETWAY_DEPLOYER_DATA_DIR: join(dir, name), // a fresh disk: a restore must fetch the artifact again
        JETWAY_ROUTER_PORT: String(routerPort),
        JETWAY_HEALTH_DEADLINE_MS: '30000',
        JETWAY_VERIFY_HOLD_MS: '0', // deploys without a planner, so without verifies: nothing held (verify-holds.int-spec holds)
      }),
    );
  }

  /** Publishes a deploy step and waits for its finished event. */
  async function deploy(application: string, digest: string, run: DeployTriggered['platform_config']['run'], runId = ulid(), attempt = 1) {
    const trigger: DeployTriggered = {
      run_id: runId,
      step_id: 'deploy-staging',
      attempt,
      application,
      environment: 'staging',
      digest,
      strategy: 'rolling',
      platform_config: { type: 'local', replicas: 2, run, health_check: HEALTH },
    };
    await publisher.publish('jetway.step.deploy.triggered.v1', trigger, { runId, stepId: trigger.step_id, attempt });
    return waitFor(() => results.get(`${runId}/${attempt}`), { timeoutMs: 40_000, message: `deploy of ${application} finished` });
  }

  const get = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${routerPort}${path}`, { headers: { connection: 'close' } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('fails at once when the instances exit before they are healthy, with the exit code and stderr once, and stores their log (over INLINE_LOG_BYTES)', async () => {
    const started = Date.now();
    const result = await deploy('pyapp', digests.crash, { command: 'node app.js', port_env: 'PORT', env: {} });

    // The health check alone would have waited 30 s (deadline) with 100 tolerated failures.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.outcome).toBe('failed');
    expect(result.reason).toMatch(/^2 of 2 new instances of sha256:\w+ unhealthy: exited with code 1 before it was healthy; no previous release was serving\n/);
    expect(result.reason?.split("KeyError: 'HTTP_PORT'")).toHaveLength(2);
    expect(result.reason).not.toMatch(/ECONNREFUSED/);
    expect(result.log_object).toBe(`step-log-${result.run_id}-deploy-staging-1`);
    expect(result.log).toBeUndefined();
    const log = (await objects.getBytes(result.log_object ?? '')).toString('utf8');
    expect(Buffer.byteLength(log)).toBeGreaterThan(INLINE_LOG_BYTES);
    expect(log.match(/--- pyapp-staging-\S+ \(127\.0\.0\.1:\d+\) stderr ---\nTraceback/g)).toHaveLength(2);
  });

  it('deploys with the instances log inline (small: no object stored), and says when a deploy of the same release changed nothing', async () => {
    const run = { command: 'node server.js', port_env: 'PORT', env: { APP_VERSION: 'v1' } };
    const first = await deploy('hello', digests.hello, run);
    expect(first).toMatchObject({ outcome: 'succeeded', outputs: { release: { digest: digests.hello } } });
    expect(first.reason).toBeUndefined();
    expect(first.log).toMatch(/stdout ---\n\{"msg":"listening"/);
    expect(first.log_object).toBeUndefined();
    expect(await objects.has(`step-log-${first.run_id}-deploy-staging-1`)).toBe(false);
    expect(await get('/hello/staging/')).toMatchObject({ status: 200, body: { version: 'v1' } });

    const again = await deploy('hello', digests.hello, run);
    expect(again).toMatchObject({ outcome: 'succeeded', reason: 'already serving this release; nothing to do' });
    expect(again.log).toContain('already serving this release; nothing to do');

    const changed = await deploy('hello', digests.hello, { ...run, env: { APP_VERSION: 'v1.1' } });
    expect(changed).toMatchObject({ outcome: 'succeeded', outputs: { release: { digest: digests.hello, previous_digest: digests.hello } } });
    expect(changed.reason).toBeUndefined();
    expect(await get('/hello/staging/')).toMatchObject({ status: 200, body: { version: 'v1.1' } });
  });

  it('keeps serving through a graceful stop; after a stop of the whole platform brings recorded releases back, and reports a release recorded without its spec', async () => {
    const recorded = await mesh.kv('releases').get(releaseKey('hello', 'staging'));
    const release = recorded?.json<Release>();
    expect(release?.spec).toMatchObject({ replicas: 2, run: { env: { APP_VERSION: 'v1.1' } }, health_check: HEALTH });
    const { spec: _spec, ...older } = { ...(release as Release), application: 'legacy' };
    await mesh.kv('releases').put(releaseKey('legacy', 'staging'), JSON.stringify(older));
    await mesh.kv('releases').put('health.deployer', JSON.stringify({ at: new Date().toISOString() })); // the write probe's key

    await deployer?.stop();
    deployer = undefined;
    // The router process and the instances outlive the deployer.
    expect(await get('/hello/staging/')).toMatchObject({ status: 200, body: { version: 'v1.1' } });
    const stopped = await stopLocalPlatform(join(dir, 'first')); // what the launcher's Ctrl-C does
    expect([stopped.router, stopped.instances.length]).toEqual([expect.any(Number), 2]);
    await expect(fetch(`http://${release?.targets[0]}/health`)).rejects.toThrow();
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      lines.push(String(chunk));
      return write(chunk, ...(rest as []));
    });
    try {
      deployer = await start('second', 'info');
      const back = await waitFor(async () => ((await get('/hello/staging/')).status === 200 ? get('/hello/staging/') : undefined), { timeoutMs: 30_000 });
      expect(back.body).toMatchObject({ version: 'v1.1' });
      await waitFor(() => lines.some((l) => l.includes('cannot restore legacy/staging')));
    } finally {
      spy.mockRestore();
    }
    expect(lines.join('')).toMatch(/"msg":"restored hello\/staging sha256:\w+: 2 instance\(s\) at 127\.0\.0\.1:\d+, 127\.0\.0\.1:\d+"/);
    expect(lines.join('')).toMatch(/"msg":"cannot restore legacy\/staging sha256:\w+: recorded without its run spec \(by an older deployer\): deploy it again/);
    expect(lines.join('')).not.toContain('health.deployer');
    expect((await get('/legacy/staging/')).status).toBe(503);
    const after = (await mesh.kv('releases').get(releaseKey('hello', 'staging')))?.json<Release>();
    expect(after?.targets).not.toEqual(release?.targets);
  });
});
