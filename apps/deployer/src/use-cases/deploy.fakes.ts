import { RolloutSpec, type Environment, type PlatformConfig, type Release } from '@jetway/contracts';
import { PermanentError } from '@jetway/messaging';
import type { DeployDeps, DeployInput } from './deploy.types';
import type { HealthProbe, HealthResult } from './health-probe.port';
import type { Instance, InstanceExit, InstanceOutput, ReleaseRef, ReleaseRuntime, RunSpec } from './release-runtime.port';
import type { ReleaseListing, ReleaseStore } from './release-store.port';
import type { Route, WeightedRouter } from './weighted-router.port';

// In-memory fakes of the deployer's ports, for unit specs of the use cases only.

export const digestOf = (c: string): string => `sha256:${c.repeat(64)}`;
const key = (app: string, env: string): string => `${app}/${env}`;

/** Never settles: an instance that keeps running, a probe that keeps waiting. */
const forever = <T>(): Promise<T> => new Promise<T>(() => undefined);

export class FakeRuntime implements ReleaseRuntime {
  readonly installed = new Set<string>();
  readonly live = new Map<string, Instance>();
  readonly badArtifacts = new Set<string>();
  /** Instances of these digests exit right after they start, writing `stderr`. */
  readonly crashes = new Map<string, { exit: InstanceExit; stderr: string }>();
  /** Every stop, in order, by target. */
  readonly stops: string[][] = [];
  started = 0;
  stopped = 0;
  private nextPort = 9000;
  private readonly keys = new Map<string, string>();
  /** Keyed instances a failed start stopped, as `startedUnder` reports them. */
  private readonly ended = new Map<string, Instance>();

  async install(ref: ReleaseRef, artifactPath: string): Promise<void> {
    if (this.badArtifacts.has(artifactPath)) throw new PermanentError(`${artifactPath} does not match ${ref.digest}`);
    this.installed.add(ref.digest);
  }
  async isInstalled(ref: ReleaseRef): Promise<boolean> {
    return this.installed.has(ref.digest);
  }
  async start(ref: ReleaseRef, run: RunSpec, count: number, key?: string): Promise<Instance[]> {
    if (!this.installed.has(ref.digest)) throw new Error(`${ref.digest} not installed`);
    return Array.from({ length: count }, () => {
      const port = this.nextPort++;
      const instance = { id: `i${port}`, release: ref, run, target: `127.0.0.1:${port}`, baseUrl: `http://127.0.0.1:${port}` };
      this.live.set(instance.id, instance);
      if (key) this.keys.set(instance.id, key);
      this.started += 1;
      return instance;
    });
  }
  startedUnder(key: string): Instance[] {
    return [...this.live.values(), ...this.ended.values()].filter((i) => this.keys.get(i.id) === key);
  }
  async stop(instances: readonly Instance[]): Promise<void> {
    this.stops.push(instances.map((i) => i.target));
    for (const i of instances) if (this.live.delete(i.id)) this.stopped += 1;
  }
  async stopFailed(instances: readonly Instance[]): Promise<void> {
    const keyed = instances.filter((i) => this.live.has(i.id) && this.keys.has(i.id));
    await this.stop(instances);
    for (const i of keyed) this.ended.set(i.id, i);
  }
  exited(instance: Instance): Promise<InstanceExit> {
    if (this.ended.has(instance.id)) return Promise.resolve({ code: null, signal: 'SIGTERM', earlier: 'stopped' });
    const crash = this.crashes.get(instance.release.digest);
    return crash ? Promise.resolve(crash.exit) : forever();
  }
  async output(instance: Instance): Promise<InstanceOutput> {
    return { stdout: `listening on ${instance.target}\n`, stderr: this.crashes.get(instance.release.digest)?.stderr ?? '' };
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

/**
 * Healthy unless the instance's digest is in `unhealthy`, its URL is `down`, or it is not running.
 * Instances that crash (`FakeRuntime.crashes`) are never answered: like a real probe, it would
 * wait for its deadline, so only the exit can end the wait (or an abort).
 */
export class FakeHealth implements HealthProbe {
  readonly unhealthy = new Set<string>();
  /** Base URLs of instances that stopped answering (crashed) while still tracked. */
  readonly down = new Set<string>();
  probes = 0;
  aborted = 0;
  constructor(private readonly runtime: FakeRuntime) {}
  async waitHealthy(baseUrl: string, _check?: unknown, _deadlineMs?: number, signal?: AbortSignal): Promise<HealthResult> {
    this.probes += 1;
    const crashing = [...this.runtime.live.values()].some((i) => i.baseUrl === baseUrl && this.runtime.crashes.has(i.release.digest));
    if (crashing) return this.untilAborted(signal);
    const digest = this.runtime.digestAt(baseUrl);
    if (digest && !this.unhealthy.has(digest) && !this.down.has(baseUrl)) return { healthy: true };
    return { healthy: false, reason: `${baseUrl}/health answered 500` };
  }
  private untilAborted(signal: AbortSignal | undefined): Promise<HealthResult> {
    if (!signal) return forever();
    return new Promise((resolve) => {
      const done = () => ((this.aborted += 1), resolve({ healthy: false, reason: 'aborted' }));
      if (signal.aborted) done();
      else signal.addEventListener('abort', done, { once: true });
    });
  }
}

export class FakeRouter implements WeightedRouter {
  readonly table = new Map<string, Route>();
  /** The stable targets of every route set, in order. */
  readonly history: string[][] = [];
  async setRoute(application: string, environment: Environment, route: Route): Promise<void> {
    this.table.set(key(application, environment), route);
    this.history.push(route.stable.map((b) => b.target));
  }
  async route(application: string, environment: Environment): Promise<Route | undefined> {
    return this.table.get(key(application, environment));
  }
  /** The stable targets of (application, environment) now; empty without a route. */
  backends(application: string, environment: Environment): readonly string[] {
    return this.table.get(key(application, environment))?.stable.map((b) => b.target) ?? [];
  }
  urlFor(application: string, environment: Environment): string {
    return `http://127.0.0.1:8080/${application}/${environment}`;
  }
  previewUrlFor(application: string, environment: Environment): string {
    return `http://127.0.0.1:8080/_preview/${application}/${environment}`;
  }
  /** Targets asked to drain, in order; `drainGate` holds the answer back while set. */
  readonly drains: string[][] = [];
  drainGate: Promise<void> | undefined;
  async drained(targets: readonly string[]): Promise<void> {
    this.drains.push([...targets]);
    await this.drainGate;
  }
}

export class FakeReleaseStore implements ReleaseStore {
  readonly map = new Map<string, Release>();
  async get(application: string, environment: Environment): Promise<Release | undefined> {
    return this.map.get(key(application, environment));
  }
  /** Every release put, oldest first. */
  readonly puts: Release[] = [];
  async put(release: Release): Promise<void> {
    this.map.set(key(release.application, release.environment), release);
    this.puts.push(release);
  }
  async history(application: string, environment: Environment): Promise<Release[]> {
    return this.puts.filter((r) => r.application === application && r.environment === environment).reverse();
  }
  async list(): Promise<ReleaseListing> {
    return { releases: [...this.map.values()], unreadable: [] };
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
    step_id: 'deploy-staging',
    attempt: 1,
    application: 'hello',
    environment: 'staging',
    digest,
    strategy: 'rolling',
    rollout: RolloutSpec.parse({}),
    platform_config: platform,
    artifactPath: `/artifacts/${digest}.tar.gz`,
    healthDeadlineMs: 1_000,
    ...overrides,
  };
}
