import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { ProveTriggered } from '@jetway/contracts';
import { ArtifactObjects, StepWorker, type MessageMeta } from '@jetway/messaging';
import { proveCommands } from '../ci-setup/prove/prove.use-case';
import { BUILDER_CONFIG, type BuilderConfig } from '../config/builder.config';

/**
 * step.prove.triggered → run the generated pipelines' install, build and test commands in a
 * sandbox, once → step.prove.finished: succeeded, failed (component, phase, exit code, log tail)
 * or skipped (what is missing on this machine), with the full log as the step's log object.
 */
@Controller()
export class ProveHandler {
  constructor(
    @Inject(StepWorker) private readonly worker: StepWorker,
    @Inject(ArtifactObjects) private readonly objects: ArtifactObjects,
    @Inject(BUILDER_CONFIG) private readonly config: BuilderConfig,
  ) {}

  @EventPattern('jetway.step.prove.triggered.v1')
  async prove(@Payload() trigger: ProveTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('prove', trigger, meta, () => proveCommands(trigger, { workRoot: this.config.JETWAY_BUILDER_WORK_DIR, objects: this.objects }));
  }
}
