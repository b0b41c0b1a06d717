import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Environment } from '@jetway/contracts';
import type { HealthProbe, HealthResult, Instance, InstanceExit, InstanceOutput, ReleaseRef, ReleaseRuntime, RunSpec } from '../../use-cases';

/**
 * The no-op platform (`JETWAY_DEPLOYER_RUNTIME=noop`): releases are "installed" and "started"
 * without touching the machine, so benchmarks measure the mesh, not process spawning. Every
 * instance is the same tiny in-process HTTP server answering 200 — and `/metrics` in the metric
 * contract the monitor step checks (README) — so routing, verify and monitor work as they do for
 * real instances.
 */
/** The metric contract with nothing counted yet (a no-op instance serves no real traffic). */
const NOOP_METRICS = [
  '# TYPE http_requests_total counter',
  'http_requests_total{code="200"} 0',
  '# TYPE http_request_duration_seconds histogram',
  'http_request_duration_seconds_bucket{le="+Inf"} 0',
  'http_request_duration_seconds_sum 0',
  'http_request_duration_seconds_count 0',
  '',
].join('\n');

export class NoopRuntime implements ReleaseRuntime {
  private readonly live = new Map<string, Instance>();
  private readonly installed = new Set<string>();
  private next = 1;
  private server: Promise<{ server: Server; port: number }> | undefined;

  async install(ref: ReleaseRef): Promise<void> {
    this.installed.add(ref.digest);
  }

  async isInstalled(ref: ReleaseRef): Promise<boolean> {
    return this.installed.has(ref.digest);
  }

  async start(ref: ReleaseRef, run: RunSpec, count: number): Promise<Instance[]> {
    const { port } = await this.answering();
    const target = `127.0.0.1:${port}`;
    return Array.from({ length: count }, () => {
      const instance: Instance = { id: `noop-${this.next++}`, release: ref, run, target, baseUrl: `http://${target}` };
      this.live.set(instance.id, instance);
      return instance;
    });
  }

  /** Closes the shared answering server (deployer shutdown). */
  async close(): Promise<void> {
    const started = await this.server;
    if (started) await new Promise<void>((done) => started.server.close(() => done()));
  }

  private answering(): Promise<{ server: Server; port: number }> {
    this.server ??= new Promise((resolve, reject) => {
      const server = createServer((req, res) =>
        req.url === '/metrics'
          ? res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(NOOP_METRICS)
          : res.writeHead(200, { 'content-type': 'application/json' }).end('{"noop":true}'),
      );
      server.once('error', reject).listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port }));
    });
    return this.server;
  }

  async stop(instances: readonly Instance[]): Promise<void> {
    for (const instance of instances) this.live.delete(instance.id);
  }

  /** No-op instances start nothing, so a repeated start may as well start them again. */
  async stopFailed(instances: readonly Instance[]): Promise<void> {
    await this.stop(instances);
  }

  startedUnder(): Instance[] {
    return [];
  }

  instances(): Instance[] {
    return [...this.live.values()];
  }

  running(application: string, environment: Environment): Instance[] {
    return [...this.live.values()].filter((i) => i.release.application === application && i.release.environment === environment);
  }

  /** No-op instances never exit on their own. */
  exited(): Promise<InstanceExit> {
    return new Promise(() => undefined);
  }

  /** No-op instances write nothing. */
  async output(): Promise<InstanceOutput> {
    return { stdout: '', stderr: '' };
  }
}

/** Every no-op instance is healthy at once. */
export class NoopHealthProbe implements HealthProbe {
  async waitHealthy(): Promise<HealthResult> {
    return { healthy: true };
  }
}
