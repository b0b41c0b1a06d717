import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { AnalyzeTriggered } from '@jetway/contracts';
import { ArtifactObjects, StepWorker, type MessageMeta } from '@jetway/messaging';
import { analyzeProject } from '../ci-setup/analyze';
import { BUILDER_CONFIG, type BuilderConfig } from '../config/builder.config';
import type { ArtifactStore } from '../use-cases';

/**
 * step.analyze.triggered → analyse the project from its files, once → step.analyze.finished: the
 * project analysis, the analysed tree's digest (stored like an artifact) and the commit; or why it
 * could not (a path that does not exist, no detectable language). Either way the step's log object.
 */
@Controller()
export class AnalyzeHandler {
  private readonly store: ArtifactStore;

  constructor(
    @Inject(StepWorker) private readonly worker: StepWorker,
    @Inject(ArtifactObjects) objects: ArtifactObjects,
    @Inject(BUILDER_CONFIG) private readonly config: BuilderConfig,
  ) {
    this.store = { put: (name, path) => objects.putFile(name, path), has: (name) => objects.has(name) };
  }

  @EventPattern('jetway.step.analyze.triggered.v1')
  async analyze(@Payload() trigger: AnalyzeTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('analyze', trigger, meta, async () => {
      const result = await analyzeProject(trigger, { workRoot: this.config.JETWAY_BUILDER_WORK_DIR, store: this.store });
      if (result.ok) return { outcome: 'succeeded', outputs: result.outputs, log_object: result.log_object };
      return { outcome: 'failed', reason: result.reason, log_object: result.log_object };
    });
  }
}
