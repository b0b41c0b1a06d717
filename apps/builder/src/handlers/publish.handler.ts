import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { PublishTriggered } from '@jetway/contracts';
import { ArtifactObjects, StepWorker, type MessageMeta } from '@jetway/messaging';
import { publishBundle } from '../ci-setup/publish/publish.use-case';
import { BUILDER_CONFIG, type BuilderConfig } from '../config/builder.config';

/**
 * step.publish.triggered → commit the generated bundle on the new branch (or write a patch next
 * to a plain directory), once → step.publish.finished with the files, branch and commit (or the
 * patch file). A refused branch or a bad project path finishes the step `failed` with the reason.
 */
@Controller()
export class PublishHandler {
  constructor(
    @Inject(StepWorker) private readonly worker: StepWorker,
    @Inject(ArtifactObjects) private readonly objects: ArtifactObjects,
    @Inject(BUILDER_CONFIG) private readonly config: BuilderConfig,
  ) {}

  @EventPattern('jetway.step.publish.triggered.v1')
  async publish(@Payload() trigger: PublishTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('publish', trigger, meta, async () => {
      const result = await publishBundle(trigger, { workRoot: this.config.JETWAY_BUILDER_WORK_DIR, objects: this.objects });
      return { outcome: 'succeeded', ...result };
    });
  }
}
