import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Subscription } from 'nats';
import { ulid } from 'ulid';
import { MonitorFinished } from '@jetway/contracts';
import { EventPublisher, type ServiceHandle } from '@jetway/messaging';
import { startNats, waitFor, type NatsFixture } from '@jetway/testing';
import { loadMonitorConfiguratorConfig, startMonitorConfigurator } from './index';

const PROMTOOL = '/usr/bin/promtool';
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

describe('monitor-configurator on a real nats-server (int)', () => {
  let nats: NatsFixture;
  let handle: ServiceHandle;
  let root: string;
  let prometheus: Awaited<ReturnType<typeof startReloadEndpoint>>;

  beforeAll(async () => {
    nats = await startNats();
    root = await mkdtemp(join(tmpdir(), 'jetway-monitoring-'));
    prometheus = await startReloadEndpoint();
    handle = await startMonitorConfigurator({
      ...loadMonitorConfiguratorConfig({}),
      JETWAY_NATS_URL: nats.url,
      JETWAY_MONITORING_DIR: root,
      JETWAY_PROMETHEUS_RELOAD_URL: prometheus.url,
      JETWAY_LOG_LEVEL: 'warn',
    });
  });
  afterAll(async () => {
    await handle?.stop();
    await nats?.stop();
    await prometheus?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('writes a bundle promtool accepts, reloads Prometheus and finishes the step with the files', async () => {
    if (!existsSync(PROMTOOL)) throw new Error(`${PROMTOOL} not found: apt-get install prometheus`);
    const runId = ulid();
    const finished: unknown[] = [];
    const sub: Subscription = handle.mesh.nc.subscribe('jetway.step.monitor.finished.v1');
    void (async () => {
      for await (const msg of sub) finished.push(msg.json());
    })();
    await handle.mesh.nc.flush();

    const trigger = {
      run_id: runId,
      step_id: 'monitor-staging',
      attempt: 1,
      application: 'hello',
      environment: 'staging' as const,
      release: { digest: `sha256:${'a'.repeat(64)}`, url: 'http://127.0.0.1:8080/hello/staging', targets: ['127.0.0.1:4001'] },
      slo: { availability: 0.995, latency_p99_ms: 300 },
    };
    await new EventPublisher(handle.mesh.js, 'test').publish('jetway.step.monitor.triggered.v1', trigger, {
      runId,
      stepId: trigger.step_id,
      attempt: 1,
    });

    const event = MonitorFinished.parse(await waitFor(() => finished[0], { message: 'step.monitor.finished' }));
    sub.unsubscribe();
    expect(event).toMatchObject({ run_id: runId, step_id: 'monitor-staging', outcome: 'succeeded' });
    const files = event.outputs?.files ?? [];
    expect(files).toEqual([
      join(root, 'targets', 'hello-staging.json'),
      join(root, 'rules', 'hello-staging.yml'),
      join(root, 'prometheus.yml'),
    ]);
    for (const file of files) expect(existsSync(file)).toBe(true);
    expect(prometheus.posts()).toBe(1);

    const { stdout, stderr } = await run(PROMTOOL, ['check', 'config', join(root, 'prometheus.yml')]);
    expect(`${stdout}${stderr}`).toContain('SUCCESS');
    expect(`${stdout}${stderr}`).toContain('1 rule files found');
  });
});
