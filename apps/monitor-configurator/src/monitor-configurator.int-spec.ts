import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Subscription } from 'nats';
import { ulid } from 'ulid';
import { MonitorFinished, type MonitorTriggered } from '@jetway/contracts';
import { EventPublisher, type ServiceHandle } from '@jetway/messaging';
import { freePort, startNats, waitFor, type NatsFixture } from '@jetway/testing';
import { loadMonitorConfiguratorConfig, startMonitorConfigurator } from './index';

const PROMTOOL = '/usr/bin/promtool';
const HELLO_SERVICE = resolve(__dirname, '../../../examples/hello-service/server.js');
const run = promisify(execFile);

/** A stand-in for Prometheus' `/-/reload` that counts POSTs. */
async function startReloadEndpoint(): Promise<{ url: string; posts: () => number; close: () => Promise<void> }> {
  let posts = 0;
  const server: Server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/-/reload') posts += 1;
    res.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/-/reload`, posts: () => posts, close: () => new Promise((r) => server.close(() => r())) };
}

/** An app with no metrics endpoint: every path answers 404, as a framework's default router does. */
async function startAppWithoutMetrics(): Promise<{ target: string; close: () => Promise<void> }> {
  const server = createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { target: `127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

describe('monitor-configurator on a real nats-server (int)', () => {
  let nats: NatsFixture;
  let handle: ServiceHandle;
  let root: string;
  let prometheus: Awaited<ReturnType<typeof startReloadEndpoint>>;
  let hello: ChildProcess;
  let helloTarget: string;
  let noMetrics: Awaited<ReturnType<typeof startAppWithoutMetrics>>;
  let sub: Subscription;
  const finished: MonitorFinished[] = [];

  beforeAll(async () => {
    nats = await startNats();
    root = await mkdtemp(join(tmpdir(), 'jetway-monitoring-'));
    prometheus = await startReloadEndpoint();
    noMetrics = await startAppWithoutMetrics();
    // The example app, as the deployer runs it: it must meet the metric contract the step checks.
    const port = await freePort();
    helloTarget = `127.0.0.1:${port}`;
    hello = spawn(process.execPath, [HELLO_SERVICE], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
    await waitFor(() => fetch(`http://${helloTarget}/health`).then((r) => r.ok, () => false), { message: 'hello-service listening' });
    handle = await startMonitorConfigurator({
      ...loadMonitorConfiguratorConfig({}),
      JETWAY_NATS_URL: nats.url,
      JETWAY_MONITORING_DIR: root,
      JETWAY_PROMETHEUS_RELOAD_URL: prometheus.url,
      JETWAY_LOG_LEVEL: 'warn',
    });
    sub = handle.mesh.nc.subscribe('jetway.step.monitor.finished.v1');
    void (async () => {
      for await (const msg of sub) finished.push(MonitorFinished.parse(msg.json()));
    })();
    await handle.mesh.nc.flush();
  });
  afterAll(async () => {
    sub?.unsubscribe();
    await handle?.stop();
    await nats?.stop();
    hello?.kill('SIGTERM');
    await noMetrics?.close();
    await prometheus?.close();
    await rm(root, { recursive: true, force: true });
  });

  async function monitor(application: string, targets: string[]): Promise<MonitorFinished> {
    const runId = ulid();
    const trigger: MonitorTriggered = {
      run_id: runId,
      step_id: 'monitor-staging',
      attempt: 1,
      application,
      environment: 'staging',
      release: { digest: `sha256:${'a'.repeat(64)}`, url: `http://127.0.0.1:8080/${application}/staging`, targets },
      slo: { availability: 0.995, latency_p99_ms: 300 },
    };
    await new EventPublisher(handle.mesh.js, 'test').publish('jetway.step.monitor.triggered.v1', trigger, { runId, stepId: trigger.step_id, attempt: 1 });
    return waitFor(() => finished.find((f) => f.run_id === runId), { message: `step.monitor.finished of ${application}` });
  }

  it('checks examples/hello-service meets the metric contract, writes a bundle promtool accepts, reloads Prometheus', async () => {
    if (!existsSync(PROMTOOL)) throw new Error(`${PROMTOOL} not found: apt-get install prometheus`);
    const event = await monitor('hello', [helloTarget]);
    expect(event).toMatchObject({ step_id: 'monitor-staging', outcome: 'succeeded' });
    const files = event.outputs?.files ?? [];
    expect(files).toEqual([join(root, 'targets', 'hello-staging.json'), join(root, 'rules', 'hello-staging.yml'), join(root, 'prometheus.yml')]);
    for (const file of files) expect(existsSync(file)).toBe(true);
    expect(prometheus.posts()).toBe(1);
    const { stdout, stderr } = await run(PROMTOOL, ['check', 'config', join(root, 'prometheus.yml')]);
    expect(`${stdout}${stderr}`).toContain('SUCCESS');
    expect(`${stdout}${stderr}`).toContain('1 rule files found');
  });

  it('fails the step for a target whose /metrics answers 404, naming it and the contract, and configures nothing', async () => {
    const event = await monitor('no-metrics', [helloTarget, noMetrics.target]);
    expect(event.outcome).toBe('failed');
    expect(event.reason).toContain(`metrics check failed for 1 of 2 target(s): ${noMetrics.target} answered GET /metrics with HTTP 404: "Not Found"`);
    expect(event.reason).toContain('http_requests_total (counter, label code = the HTTP status)');
    expect(existsSync(join(root, 'targets', 'no-metrics-staging.json'))).toBe(false);
    expect(prometheus.posts()).toBe(1);
  });
});
