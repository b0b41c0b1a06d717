import type { Environment, PlatformConfig, Release } from '@jetway/contracts';
import { PermanentError } from '@jetway/messaging';
import type { DeployDeps, DeployInput } from './deploy.types';
import type { HealthProbe, HealthResult } from './health-probe.port';
import type { Instance, ReleaseRef, ReleaseRuntime, RunSpec } from './release-runtime.port';
import type { ReleaseStore } from './release-store.port';
import type { TrafficRouter } from './traffic-router.port';

// In-memory fakes of the deployer's ports, for unit specs of the use cases only.

export const digestOf = (c: string): string => `sha256:${c.repeat(64)}`;
const key = (app: string, env: string): string => `${app}/${env}`;

export class FakeRuntime implements ReleaseRuntime {
  readonly installed = new Set<string>();
  readonly live = new Map<string, Instance>();
  readonly badArtifacts = new Set<string>();
  started = 0;
  stopped = 0;
  private nextPort = 9000;

  async install(ref: ReleaseRef, artifactPath: string): Promise<void> {
    if (this.badArtifacts.has(artifactPath)) throw new PermanentError(`${artifactPath} does not match ${ref.digest}`);
    this.installed.add(ref.digest);
  }
  async isInstalled(ref: ReleaseRef): Promise<boolean> {
    return this.installed.has(ref.digest);
  }
  async start(ref: ReleaseRef, run: RunSpec, count: number): Promise<Instance[]> {
    if (!this.installed.has(ref.digest)) throw new Error(`${ref.digest} not installed`);
    return Array.from({ length: count }, () => {
      const port = this.nextPort++;
      const instance = { id: `i${port}`, release: ref, run, target: `127.0.0.1:${port}`, baseUrl: `http://127.0.0.1:${port}` };
      this.live.set(instance.id, instance);
      this.started += 1;
      return instance;
    });
  }
  async stop(instances: readonly Instance[]): Promise<void> {
    for (const i of instances) if (this.live.delete(i.id)) this.stopped += 1;
  }
  running(application: string, environment: Environment): Instance[] {
    return [...this.live.values()].filter(
      (i) => i.release.application === application && i.release.environment === environment,
    );
  }
  instances(): Instance[] {
    return [...this.live.values()];
  }
  digestAt(baseUrl: string): string | undefined {
    return [...this.live.values()].find((i) => i.baseUrl === baseUrl)?.release.digest;
  }
}

/** Healthy unless the instance's digest is in `unhealthy`, its URL is `down`, or it is not running. */
export class FakeHealth implements HealthProbe {
  readonly unhealthy = new Set<string>();
  /** Base URLs of instances that stopped answering (crashed) while still tracked. */
  readonly down = new Set<string>();
  probes = 0;
  constructor(private readonly runtime: FakeRuntime) {}
  async waitHealthy(baseUrl: string): Promise<HealthResult> {
    this.probes += 1;
    const digest = this.runtime.digestAt(baseUrl);
    if (digest && !this.unhealthy.has(digest) && !this.down.has(baseUrl)) return { healthy: true };
    return { healthy: false, reason: `${baseUrl}/health answered 500` };
  }
}

export class FakeRouter implements TrafficRouter {
  readonly table = new Map<string, readonly string[]>();
  readonly history: string[][] = [];
  setBackends(application: string, environment: Environment, targets: readonly string[]): void {
    this.table.set(key(application, environment), [...targets]);
    this.history.push([...targets]);
  }
  backends(application: string, environment: Environment): readonly string[] {
    return this.table.get(key(application, environment)) ?? [];
  }
  urlFor(application: string, environment: Environment): string {
    return `http://127.0.0.1:8080/${application}/${environment}`;
  }
}

export class FakeReleaseStore implements ReleaseStore {
  readonly map = new Map<string, Release>();
  async get(application: string, environment: Environment): Promise<Release | undefined> {
    return this.map.get(key(application, environment));
  }
  async put(release: Release): Promise<void> {
    this.map.set(key(release.application, release.environment), release);
  }
}

export function fakeDeps(): DeployDeps & { runtime: FakeRuntime; health: FakeHealth; router: FakeRouter; releases: FakeReleaseStore } {
  const runtime = new FakeRuntime();
  return {
    runtime,
    health: new FakeHealth(runtime),
    router: new FakeRouter(),
    releases: new FakeReleaseStore(),
    now: () => new Date('2030-01-01T00:00:00.000Z'),
  };
}

const platform: PlatformConfig = {
  type: 'local',
  replicas: 2,
  run: { command: 'node server.js', port_env: 'PORT', env: {} },
  health_check: { path: '/health', initial_delay: 0, interval: 0.5, timeout: 2, success_threshold: 1, failure_threshold: 3 },
};

export function deployInput(digest: string, overrides: Partial<DeployInput> = {}): DeployInput {
  return {
    run_id: '01J00000000000000000000000',
    application: 'hello',
    environment: 'staging',
    digest,
    platform_config: platform,
    artifactPath: `/artifacts/${digest}.tar.gz`,
    healthDeadlineMs: 1_000,
    ...overrides,
  };
}
