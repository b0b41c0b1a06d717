import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { GenerateTriggered } from '@jetway/contracts';
import { ArtifactObjects, StepWorker, type MessageMeta } from '@jetway/messaging';
import { generateCi } from '../ci-setup/generate';
import { BUILDER_CONFIG, type BuilderConfig } from '../config/builder.config';
import type { ArtifactStore } from '../use-cases';

/**
 * step.generate.triggered → generate the CI configuration of each requested platform, once →
 * step.generate.finished: the bundle's digest (stored like an artifact), its files and the commands
 * the pipelines run; or why nothing could be generated. Either way the step's log object.
 */
@Controller()
export class GenerateHandler {
  private readonly store: ArtifactStore;

  constructor(
    @Inject(StepWorker) private readonly worker: StepWorker,
    @Inject(ArtifactObjects) objects: ArtifactObjects,
    @Inject(BUILDER_CONFIG) private readonly config: BuilderConfig,
  ) {
    this.store = { put: (name, path) => objects.putFile(name, path), has: (name) => objects.has(name) };
  }

  @EventPattern('jetway.step.generate.triggered.v1')
  async generate(@Payload() trigger: GenerateTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('generate', trigger, meta, async () => {
      const result = await generateCi(trigger, { workRoot: this.config.JETWAY_BUILDER_WORK_DIR, store: this.store });
      if (result.ok) return { outcome: 'succeeded', outputs: result.outputs, log_object: result.log_object };
      return { outcome: 'failed', reason: result.reason, log_object: result.log_object };
    });
  }
}
