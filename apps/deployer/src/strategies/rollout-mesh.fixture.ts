import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Subscription } from 'nats';
import { ulid } from 'ulid';
import {
  artifactObjectName,
  RolloutSpec,
  type DeployFinished,
  type DeployTriggered,
  type RollbackFinished,
  type RolloutProgressed,
} from '@jetway/contracts';
import { ArtifactObjects, AttestationStore, EventPublisher, Mesh, type ServiceHandle } from '@jetway/messaging';
import { freePort, startNats, waitFor, type HeyReport, type NatsFixture } from '@jetway/testing';
import { packHelloService } from '../drivers/local/artifact.fixture';
import { ProcessRouter, stopLocalPlatform, type RouterCommand } from '../drivers/router';
import { loadDeployerConfig, startDeployer } from '../index';

// Test support (the deployer's int-specs; tools through `@jetway/deployer/testing`): the deployer
// as `npm start` runs it — its router process, real hello-service instances — on a real
// nats-server, driven by the events the planner would send: deploy and rollback triggers,
// rollout commands; it records every finished and progress event (with the time it arrived) and
// prints a load table row per scenario.

export const HEALTH = { path: '/health', initial_delay: 0.1, interval: 0.2, timeout: 1, success_threshold: 1, failure_threshold: 20 };
const APP = 'hello';

export interface DeployOptions {
  /** The release: its artifact (from `release(name)`), started with APP_VERSION = name. */
  readonly release: string;
  readonly strategy: DeployTriggered['strategy'];
  readonly env?: Record<string, string>;
  readonly replicas?: number;
  readonly rollout?: Record<string, unknown>;
  readonly deadline_seconds?: number;
  readonly runId?: string;
  readonly attempt?: number;
}

export interface RolloutMeshOptions {
  /**
   * Starts the router process with this command before the deployer, which adopts it (as it
   * adopts a router that outlived a deployer): e.g. a compiled copy, as `npm start` runs it.
   * Default: the deployer starts its own router from this checkout.
   */
  readonly router?: RouterCommand;
}

export interface Arrived<T> {
  readonly event: T;
  /** Epoch ms it arrived here. */
  readonly at: number;
}

export class RolloutMesh {
  readonly finished = new Map<string, DeployFinished>();
  readonly rollbacks = new Map<string, RollbackFinished>();
  readonly progress: Arrived<RolloutProgressed>[] = [];
  readonly rows: string[] = [];
  deployer: ServiceHandle | undefined;
  private readonly subscriptions: Subscription[] = [];
  private readonly digests = new Map<string, string>();

  private constructor(
    readonly nats: NatsFixture,
    readonly mesh: Mesh,
    readonly publisher: EventPublisher,
    readonly dir: string,
    readonly routerPort: number,
  ) {}

  static async start(name: string, options: RolloutMeshOptions = {}): Promise<RolloutMesh> {
    const nats = await startNats();
    const mesh = await Mesh.connect({ servers: nats.url, name });
    const fixture = new RolloutMesh(nats, mesh, new EventPublisher(mesh.js, name), await mkdtemp(join(tmpdir(), `jetway-${name}-`)), await freePort());
    fixture.listen();
    try {
      if (options.router) await ProcessRouter.start({ dataDir: join(fixture.dir, 'deployer'), port: fixture.routerPort, command: options.router });
      fixture.deployer = await fixture.startDeployer();
    } catch (error) {
      await fixture.stop().catch(() => undefined);
      throw error;
    }
    return fixture;
  }

  /** The deployer service, on this fixture's data directory and router port. */
  startDeployer(): Promise<ServiceHandle> {
    return startDeployer(
      loadDeployerConfig({
        JETWAY_NATS_URL: this.nats.url,
        JETWAY_LOG_LEVEL: 'warn',
        JETWAY_DEPLOYER_DATA_DIR: join(this.dir, 'deployer'),
        JETWAY_ROUTER_PORT: String(this.routerPort),
        JETWAY_HEALTH_DEADLINE_MS: '20000',
        // Deploys come here one after another with no planner, so no verify: nothing is held for one.
        JETWAY_VERIFY_HOLD_MS: '0',
      }),
    );
  }

  async stop(): Promise<void> {
    for (const sub of this.subscriptions) sub.unsubscribe();
    await this.deployer?.stop();
    await stopLocalPlatform(join(this.dir, 'deployer'));
    await this.mesh.drain();
    await this.nats.stop();
    await rm(this.dir, { recursive: true, force: true });
  }

  url(path = '/'): string {
    return `http://127.0.0.1:${this.routerPort}/${APP}/staging${path}`;
  }

  /** Publishes a deploy step of hello-service (its release told apart by `env`) without waiting for it. */
  async publishDeploy(options: DeployOptions): Promise<{ runId: string; attempt: number }> {
    const runId = options.runId ?? ulid();
    const attempt = options.attempt ?? 1;
    const trigger: DeployTriggered = {
      run_id: runId,
      step_id: 'deploy-staging',
      attempt,
      application: APP,
      environment: 'staging',
      digest: await this.release(options.release),
      strategy: options.strategy,
      platform_config: { type: 'local', replicas: options.replicas ?? 2, run: { command: 'node server.js', port_env: 'PORT', env: { APP_VERSION: options.release, ...options.env } }, health_check: HEALTH },
      rollout: RolloutSpec.parse(options.rollout ?? {}),
      ...(options.deadline_seconds ? { deadline_seconds: options.deadline_seconds } : {}),
    };
    await this.publisher.publish('jetway.step.deploy.triggered.v1', trigger, { runId, stepId: trigger.step_id, attempt });
    return { runId, attempt };
  }

  async deploy(options: DeployOptions): Promise<DeployFinished> {
    const { runId, attempt } = await this.publishDeploy(options);
    return this.deployFinished(runId, attempt);
  }

  deployFinished(runId: string, attempt = 1, timeoutMs = 60_000): Promise<DeployFinished> {
    return waitFor(() => this.finished.get(`${runId}/${attempt}`), { timeoutMs, message: `deploy ${runId}/${attempt} finished` });
  }

  /** What the planner sends when an operator promotes or aborts. */
  async command(runId: string, command: 'promote' | 'abort', by = 'alice', attempt = 1): Promise<void> {
    const payload = { run_id: runId, step_id: 'deploy-staging', attempt, command, by };
    await this.publisher.publish('jetway.rollout.commanded.v1', payload, { runId, stepId: 'deploy-staging', attempt, id: `${runId}.cmd.${command}.${Date.now()}` });
  }

  async rollback(toDigest?: string): Promise<Arrived<RollbackFinished>> {
    const runId = ulid();
    const trigger = { run_id: runId, step_id: 'rollback', attempt: 1, application: APP, environment: 'staging' as const, ...(toDigest ? { to_digest: toDigest } : {}) };
    await this.publisher.publish('jetway.step.rollback.triggered.v1', trigger, { runId, stepId: 'rollback', attempt: 1 });
    const event = await waitFor(() => this.rollbacks.get(runId), { timeoutMs: 60_000, message: `rollback ${runId} finished` });
    return { event, at: Date.now() };
  }

  progressOf(runId: string): Arrived<RolloutProgressed>[] {
    return this.progress.filter((p) => p.event.run_id === runId).sort((a, b) => a.event.sequence - b.event.sequence);
  }

  /** `phase@weight` of each progress event of a run, in sequence order. */
  phasesOf(runId: string): string[] {
    return this.progressOf(runId).map((p) => `${p.event.phase}@${p.event.weight ?? '-'}`);
  }

  /** Which releases answer the stable URL now: `{ version: count }` over `requests` requests of `/`. */
  async versions(requests = 40): Promise<Record<string, number>> {
    const seen: Record<string, number> = {};
    for (let i = 0; i < requests; i += 1) {
      const res = await fetch(this.url('/'), { headers: { connection: 'close' } });
      const version = ((await res.json()) as { version?: string }).version ?? `status ${res.status}`;
      seen[version] = (seen[version] ?? 0) + 1;
    }
    return seen;
  }

  /** Adds (and prints) a row of the load table: requests, failed, p99. */
  row(scenario: string, report: HeyReport): void {
    const p99 = report.latencyMs[99];
    const line = `${scenario.padEnd(44)} ${String(report.requests).padStart(8)} ${String(report.failed).padStart(7)} ${p99 === undefined ? '-' : `${p99.toFixed(1)} ms`}`;
    this.rows.push(line);
    process.stdout.write(`load: ${line}\n`);
  }

  private listen(): void {
    const on = <T>(subject: string, take: (event: T) => void) =>
      this.subscriptions.push(this.mesh.nc.subscribe(subject, { callback: (_error, msg) => take(msg.json<T>()) }));
    on<DeployFinished>('jetway.step.deploy.finished.v1', (e) => {
      this.finished.set(`${e.run_id}/${e.attempt}`, e);
      // The rollout's last move travels in the finished, as the planner takes it.
      if (e.last_move) this.progress.push({ event: e.last_move, at: Date.now() });
    });
    on<RollbackFinished>('jetway.step.rollback.finished.v1', (e) => this.rollbacks.set(e.run_id, e));
    on<RolloutProgressed>('jetway.rollout.progressed.v1', (e) => this.progress.push({ event: e, at: Date.now() }));
  }

  /**
   * The digest of release `name`: hello-service with a `RELEASE` file naming it (so each release
   * is its own artifact), in the artifacts store with a passing scan attestation (the deployer's
   * own gate reads it). Packed once per name.
   */
  async release(name: string): Promise<string> {
    const known = this.digests.get(name);
    if (known) return known;
    const objects = ArtifactObjects.of(this.mesh);
    const file = join(this.dir, `${name}.tar.gz`);
    const digest = await packHelloService(file, { RELEASE: name });
    await objects.putFile(artifactObjectName(digest), file);
    const scan = { kind: 'scan' as const, digest, verdict: 'pass' as const, fail_on_severity: 'high', counts: {}, run_id: ulid(), at: new Date().toISOString() };
    await new AttestationStore(this.mesh).recordScan(scan);
    this.digests.set(name, digest);
    return digest;
  }
}
