import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Subscription } from 'nats';
import { ulid } from 'ulid';
import { artifactObjectName, InfrastructureSpec, type EnvironmentType, type InfraPlanReview, type RunOutcome } from '@jetway/contracts';
import { ArtifactObjects, EventPublisher, Mesh, packFiles, type BundleFile, type ServiceHandle } from '@jetway/messaging';
import { startNats, waitFor, type NatsFixture } from '@jetway/testing';
import { loadDeployerConfig, startDeployer } from '../index';
import { INFRA_BUNDLE_FORMAT } from './bundle';
import { InfraStackStore } from './stack-store';

// Test support for the infrastructure steps: the deployer service (as `npm start` runs it, noop
// runtime) on a real nats-server, driven by the triggers the planner would send; every infra
// step's finished event is recorded with the time it arrived.

type InfraKind = 'infra-plan' | 'infra-apply' | 'infra-configure' | 'infra-verify';

export interface Finished {
  readonly outcome: string;
  readonly reason?: string;
  readonly duration_ms: number;
  readonly outputs?: Record<string, unknown>;
  /** Epoch ms it arrived here. */
  readonly at: number;
}

export interface StackBundle {
  readonly stack: string;
  readonly environments?: EnvironmentType[];
  readonly cloud?: boolean;
  readonly messaging?: unknown;
  readonly playbook?: string;
  readonly inventory?: string;
  readonly packer?: string;
  readonly generateOnly?: boolean;
}

export class InfraMesh {
  readonly finished = new Map<string, Finished>();
  readonly store: InfraStackStore;
  deployer: ServiceHandle | undefined;
  private readonly subscriptions: Subscription[] = [];

  private constructor(
    readonly nats: NatsFixture,
    readonly mesh: Mesh,
    readonly publisher: EventPublisher,
    readonly objects: ArtifactObjects,
    readonly dir: string,
  ) {
    this.store = InfraStackStore.of(mesh);
  }

  /** `deployerEnv`: variables for the in-process deployer; `false`: none (the test starts deployer processes). */
  static async start(name: string, deployerEnv: Record<string, string> | false = {}): Promise<InfraMesh> {
    const nats = await startNats();
    const mesh = await Mesh.connect({ servers: nats.url, name });
    const objects = ArtifactObjects.of(mesh);
    const fixture = new InfraMesh(nats, mesh, new EventPublisher(mesh.js, name), objects, await mkdtemp(join(tmpdir(), `jetway-${name}-`)));
    fixture.listen();
    try {
      if (deployerEnv !== false) fixture.deployer = await fixture.startDeployer(deployerEnv);
    } catch (error) {
      await fixture.stop().catch(() => undefined);
      throw error;
    }
    return fixture;
  }

  /** The deployer's environment as these tests run it (a process started by a test uses it too). */
  deployerEnv(extra: Record<string, string> = {}): Record<string, string> {
    return { JETWAY_NATS_URL: this.nats.url, JETWAY_LOG_LEVEL: 'warn', JETWAY_DEPLOYER_DATA_DIR: this.dataDir, JETWAY_DEPLOYER_RUNTIME: 'noop', JETWAY_ROUTER_PORT: '0', ...extra };
  }

  get dataDir(): string {
    return join(this.dir, 'deployer');
  }

  startDeployer(extra: Record<string, string> = {}): Promise<ServiceHandle> {
    return startDeployer(loadDeployerConfig(this.deployerEnv(extra)));
  }

  async stop(): Promise<void> {
    for (const sub of this.subscriptions) sub.unsubscribe();
    await this.deployer?.stop();
    await this.mesh.drain();
    await this.nats.stop();
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Packs the stack's bundle as the infra-generate step does, into the artifact store; returns its digest. */
  async bundle(b: StackBundle, extraFiles: BundleFile[] = []): Promise<string> {
    const environments = b.environments ?? ['staging'];
    const manifest = { stack: b.stack, tool: 'terraform', environments, generate_only: b.generateOnly ?? false, ...(b.cloud ? { cloud_provider: 'aws' } : {}), has_messaging: b.messaging !== undefined, has_configuration: b.playbook !== undefined };
    const files: BundleFile[] = [{ path: 'jetway-stack.json', content: JSON.stringify(manifest) }, ...extraFiles];
    if (b.cloud) for (const env of environments) files.push({ path: `environments/${env}/main.tf`, content: 'module "network" {\n  source = "../../modules/network"\n}\n' });
    if (b.cloud) files.push({ path: 'modules/network/main.tf', content: 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n' });
    if (b.messaging !== undefined) files.push({ path: 'messaging/declaration.json', content: JSON.stringify(b.messaging) });
    if (b.playbook !== undefined) files.push({ path: 'ansible/playbook.yml', content: b.playbook });
    if (b.inventory !== undefined) files.push({ path: 'ansible/inventory', content: b.inventory });
    if (b.packer !== undefined) files.push({ path: 'packer/image.pkr.json', content: b.packer });
    const { digest, bytes } = packFiles(INFRA_BUNDLE_FORMAT, files);
    await this.objects.putBytes(artifactObjectName(digest), bytes);
    return digest;
  }

  /** A spec as the planner passes it (InfrastructureSpec defaults applied). */
  spec(stack: string, fields: Record<string, unknown> = {}): InfrastructureSpec {
    return InfrastructureSpec.parse({ stack, requested_by: 'alice', environment_type: 'staging', compliance_requirements: [], iac_tool: 'terraform', ...fields });
  }

  async plan(input: { runId?: string; stack: string; digest: string; environment?: EnvironmentType; lock?: EnvironmentType[]; spec?: InfrastructureSpec; attempt?: number }): Promise<{ runId: string; finished: Finished }> {
    const runId = input.runId ?? ulid();
    const environment = input.environment ?? 'staging';
    const payload = { run_id: runId, step_id: `plan-${environment}`, attempt: input.attempt ?? 1, stack: input.stack, digest: input.digest, environment, lock_environments: input.lock ?? [environment], spec: input.spec ?? this.spec(input.stack) };
    return { runId, finished: await this.run('infra-plan', payload) };
  }

  review(finished: Finished): InfraPlanReview {
    return (finished.outputs as { plan: InfraPlanReview }).plan;
  }

  apply(input: { runId: string; stack: string; digest: string; planHash: string; environment?: EnvironmentType; spec?: InfrastructureSpec; attempt?: number }, wait = true): Promise<Finished | undefined> {
    const environment = input.environment ?? 'staging';
    const payload = { run_id: input.runId, step_id: `apply-${environment}`, attempt: input.attempt ?? 1, stack: input.stack, digest: input.digest, environment, plan_hash: input.planHash, spec: input.spec ?? this.spec(input.stack) };
    return wait ? this.run('infra-apply', payload) : this.publishStep('infra-apply', payload).then(() => undefined);
  }

  configure(input: { runId: string; stack: string; digest: string; spec?: InfrastructureSpec; attempt?: number }): Promise<Finished> {
    return this.run('infra-configure', { run_id: input.runId, step_id: 'configure-staging', attempt: input.attempt ?? 1, stack: input.stack, digest: input.digest, environment: 'staging', spec: input.spec ?? this.spec(input.stack) });
  }

  verify(input: { runId: string; stack: string; digest: string; spec?: InfrastructureSpec; environment?: EnvironmentType; attempt?: number }): Promise<Finished> {
    const environment = input.environment ?? 'staging';
    return this.run('infra-verify', { run_id: input.runId, step_id: `verify-${environment}`, attempt: input.attempt ?? 1, stack: input.stack, digest: input.digest, environment, spec: input.spec ?? this.spec(input.stack) });
  }

  /** What the planner publishes when a run ends. */
  async finishRun(runId: string, stack: string, outcome: RunOutcome): Promise<void> {
    await this.publisher.publish('jetway.pipeline.finished.v1', { run_id: runId, kind: 'infrastructure', application: stack, outcome, duration_ms: 1, urls: {}, steps: [] }, { runId });
  }

  finishedOf(kind: InfraKind, runId: string, stepId: string, attempt = 1, timeoutMs = 60_000): Promise<Finished> {
    return waitFor(() => this.finished.get(`${kind}/${runId}/${stepId}/${attempt}`), { timeoutMs, message: `${kind} ${runId}/${stepId}/${attempt} finished` });
  }

  private async run(kind: InfraKind, payload: { run_id: string; step_id: string; attempt: number } & Record<string, unknown>): Promise<Finished> {
    await this.publishStep(kind, payload);
    return this.finishedOf(kind, payload.run_id, payload.step_id, payload.attempt);
  }

  private async publishStep(kind: InfraKind, payload: { run_id: string; step_id: string; attempt: number } & Record<string, unknown>): Promise<void> {
    const ids = { runId: payload.run_id, stepId: payload.step_id, attempt: payload.attempt };
    await this.publisher.publish(`jetway.step.${kind}.triggered.v1`, payload as never, ids);
  }

  private listen(): void {
    this.subscriptions.push(
      this.mesh.nc.subscribe('jetway.step.*.finished.v1', {
        callback: (_error, msg) => {
          const kind = msg.subject.split('.')[2] ?? '';
          const event = msg.json<Omit<Finished, 'at'> & { run_id: string; step_id: string; attempt: number }>();
          this.finished.set(`${kind}/${event.run_id}/${event.step_id}/${event.attempt}`, { ...event, at: Date.now() });
        },
      }),
    );
  }
}
