import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { RollbackTriggered } from '@jetway/contracts';
import { StepWorker, type MessageMeta } from '@jetway/messaging';
import { DEPLOYER_CONFIG, type DeployerConfig } from '../config/deployer.config';
import { ArtifactFiles } from '../drivers/nats/artifact-files.driver';
import { StepLogObjects } from '../drivers/nats/step-log.driver';
import { clampReason, instancesLog, rollBack, type RolloutDeps } from '../strategies';
import { KeyedQueue } from './keyed-queue';
import { DEPLOY_DEPS, ROLLOUT_STOP, ROLLOUTS } from './tokens';

/** The rollback step: (application, environment) serves an earlier release again (an instant switch, or a rolling redeploy). */
@Controller()
export class RollbackHandler {
  constructor(
    @Inject(StepWorker) private readonly worker: StepWorker,
    @Inject(ArtifactFiles) private readonly artifacts: ArtifactFiles,
    @Inject(StepLogObjects) private readonly stepLogs: StepLogObjects,
    @Inject(DEPLOY_DEPS) private readonly deps: RolloutDeps,
    @Inject(ROLLOUTS) private readonly rollouts: KeyedQueue,
    @Inject(DEPLOYER_CONFIG) private readonly config: DeployerConfig,
    @Inject(ROLLOUT_STOP) private readonly stopping: AbortController,
  ) {}

  @EventPattern('jetway.step.rollback.triggered.v1')
  async rollback(@Payload() trigger: RollbackTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('rollback', trigger, meta, async () => {
      const deps = { ...this.deps, fetchArtifact: (digest: string) => this.artifacts.localPath(digest), healthDeadlineMs: this.config.JETWAY_HEALTH_DEADLINE_MS };
      const request = { ...trigger, triggeredAt: Date.parse(meta.envelope.time) || Date.now() };
      const { instances, ...result } = await this.rollouts.run(`${trigger.application}/${trigger.environment}`, () => rollBack(request, deps, this.stopping.signal));
      const head = [`rollback ${trigger.application}/${trigger.environment}: ${result.outcome}`, ...(result.reason ? [result.reason] : [])].join('\n');
      const log = await this.stepLogs.keep(trigger, await instancesLog(head, instances, this.deps.runtime));
      return { ...result, ...(result.reason ? { reason: clampReason(result.reason) } : {}), ...log };
    });
  }
}
