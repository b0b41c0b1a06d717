import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { artifactObjectName, type DeployTriggered, type VerifyTriggered } from '@jetway/contracts';
import { ArtifactObjects, AttestationStore, StepWorker, type MessageMeta } from '@jetway/messaging';
import { DEPLOYER_CONFIG, type DeployerConfig } from '../config/deployer.config';
import { httpGetStatus } from '../drivers/local';
import { deployRelease, verifyRelease, type DeployDeps } from '../use-cases';
import { KeyedQueue } from './keyed-queue';
import { DEPLOY_DEPS } from './tokens';

/** Deploy and verify steps: gate on the attestation, fetch the artifact, roll out, verify. */
@Controller()
export class DeployHandler {
  private readonly rollouts = new KeyedQueue();

  constructor(
    @Inject(StepWorker) private readonly worker: StepWorker,
    @Inject(ArtifactObjects) private readonly objects: ArtifactObjects,
    @Inject(AttestationStore) private readonly attestations: AttestationStore,
    @Inject(DEPLOY_DEPS) private readonly deps: DeployDeps,
    @Inject(DEPLOYER_CONFIG) private readonly config: DeployerConfig,
  ) {}

  @EventPattern('jetway.step.deploy.triggered.v1')
  async deploy(@Payload() trigger: DeployTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('deploy', trigger, meta, async () => {
      const refusal = await this.refusal(trigger);
      if (refusal) return { outcome: 'failed', reason: refusal };
      const artifactPath = await this.download(trigger.digest);
      const input = { ...trigger, artifactPath, healthDeadlineMs: this.config.JETWAY_HEALTH_DEADLINE_MS };
      const result = await this.rollouts.run(`${trigger.application}/${trigger.environment}`, () => deployRelease(input, this.deps));
      return result.outcome === 'succeeded' ? { outcome: 'succeeded', outputs: { release: result.release } } : result;
    });
  }

  @EventPattern('jetway.step.verify.triggered.v1')
  async verify(@Payload() trigger: VerifyTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('verify', trigger, meta, async () => {
      const result = await verifyRelease(trigger.url, trigger.health_path, trigger.checks, httpGetStatus);
      if (result.outcome !== 'succeeded') return { outcome: 'failed', reason: result.reason };
      const { digest, environment, url, run_id } = trigger;
      await this.attestations.recordVerified({ kind: 'verified', digest, environment, url, run_id, at: new Date().toISOString() });
      return { outcome: 'succeeded', outputs: { checks_passed: result.checks_passed } };
    });
  }

  /** The deployer re-checks the gate itself: it never trusts that the planner did. */
  private async refusal(trigger: DeployTriggered): Promise<string | undefined> {
    if ((await this.attestations.scanVerdict(trigger.digest)) !== 'pass') {
      return `policy no-unscanned-artifact: the deployer refuses ${trigger.digest}: it has no passing scan attestation`;
    }
    if (trigger.platform_config.type !== 'local') {
      return `platform_config.type '${trigger.platform_config.type}' has no driver yet; this deployer runs 'local'`;
    }
    return undefined;
  }

  /**
   * The artifact as a local file, fetched once per digest: staging and production deploy the
   * same digest, and the runtime re-checks the sha256 before it unpacks anything.
   */
  private async download(digest: string): Promise<string> {
    const dir = join(this.config.JETWAY_DEPLOYER_DATA_DIR, 'downloads');
    const path = join(dir, `${artifactObjectName(digest)}.tar.gz`);
    if (existsSync(path)) return path;
    await mkdir(dir, { recursive: true });
    // Two deploys of one digest (staging and production of different runs) may download at once.
    const partial = `${path}.${randomBytes(6).toString('hex')}.partial`;
    await this.objects.getToFile(artifactObjectName(digest), partial);
    await rename(partial, path);
    return path;
  }
}
