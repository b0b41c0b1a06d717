import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { DeployTriggered, VerifyTriggered } from '@jetway/contracts';
import { AttestationStore, StepWorker, type MessageMeta } from '@jetway/messaging';
import { DEPLOYER_CONFIG, type DeployerConfig } from '../config/deployer.config';
import { httpGetAnswer } from '../drivers/local';
import { ArtifactFiles } from '../drivers/nats/artifact-files.driver';
import { StepLogObjects } from '../drivers/nats/step-log.driver';
import { deployInputOf, deployStep, type RolloutDeps } from '../strategies';
import { verifyRelease } from '../use-cases';
import { KeyedQueue } from './keyed-queue';
import { DEPLOY_DEPS, ROLLOUT_STOP, ROLLOUTS, VERIFY_HOLDS } from './tokens';
import { noteWait, VerifyHolds } from './verify-holds';

/** Deploy and verify steps: gate on the attestation, fetch the artifact, roll out with the requested strategy, verify. */
@Controller()
export class DeployHandler {
  constructor(
    @Inject(StepWorker) private readonly worker: StepWorker,
    @Inject(AttestationStore) private readonly attestations: AttestationStore,
    @Inject(ArtifactFiles) private readonly artifacts: ArtifactFiles,
    @Inject(StepLogObjects) private readonly stepLogs: StepLogObjects,
    @Inject(DEPLOY_DEPS) private readonly deps: RolloutDeps,
    @Inject(ROLLOUTS) private readonly rollouts: KeyedQueue,
    @Inject(DEPLOYER_CONFIG) private readonly config: DeployerConfig,
    @Inject(ROLLOUT_STOP) private readonly stopping: AbortController,
    @Inject(VERIFY_HOLDS) private readonly holds: VerifyHolds,
  ) {}

  @EventPattern('jetway.step.deploy.triggered.v1')
  async deploy(@Payload() trigger: DeployTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('deploy', trigger, meta, async () => {
      const refusal = await this.refusal(trigger);
      if (refusal) return { outcome: 'failed', reason: refusal };
      const artifactPath = await this.artifacts.localPath(trigger.digest);
      const resolved = { artifactPath, healthDeadlineMs: this.config.JETWAY_HEALTH_DEADLINE_MS, triggeredAt: meta.envelope.time, nowMs: Date.now() };
      const keepLog = (text: string) => this.stepLogs.keep(trigger, text);
      const key = holdKey(trigger);
      // One rollout at a time per (application, environment), each after the verify of the one before.
      return this.rollouts.run(key, async () => {
        const waited = await this.holds.wait(key, trigger.run_id, this.stopping.signal);
        const result = await deployStep(deployInputOf(trigger, resolved), this.deps, keepLog, this.stopping.signal);
        if (result.outcome === 'succeeded') this.holds.hold(key, trigger.run_id, trigger.digest);
        return noteWait(result, waited);
      });
    });
  }

  @EventPattern('jetway.step.verify.triggered.v1')
  async verify(@Payload() trigger: VerifyTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('verify', trigger, meta, async () => {
      const { digest, environment, url, run_id } = trigger;
      const result = await verifyRelease({ url, healthPath: trigger.health_path, checks: trigger.checks, digest }, httpGetAnswer);
      if (result.outcome === 'succeeded') await this.attestations.recordVerified({ kind: 'verified', digest, environment, url, run_id, at: new Date().toISOString() });
      // Only now may the next deploy here replace the release (a verify that throws is delivered again, still held).
      this.holds.release(holdKey(trigger), run_id);
      if (result.outcome !== 'succeeded') return { outcome: 'failed', reason: result.reason };
      return { outcome: 'succeeded', outputs: { checks_passed: result.checks_passed } };
      // Repeatable: probes read, and the attestation of the digest in the environment is the same.
    }, 'repeatable');
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
}

function holdKey(step: { application: string; environment: string }): string {
  return `${step.application}/${step.environment}`;
}
