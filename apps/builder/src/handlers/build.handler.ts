import { mkdirSync } from 'node:fs';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { BuildTriggered } from '@jetway/contracts';
import { ArtifactObjects, StepWorker, type MessageMeta } from '@jetway/messaging';
import { BUILD_DRIVER } from '../builder.tokens';
import { BUILDER_CONFIG, type BuilderConfig } from '../config/builder.config';
import { buildArtifact, type ArtifactStore, type BuildDriver } from '../use-cases';
import { asStep } from './as-step';

/**
 * step.build.triggered → build once → step.build.finished: the digests, or why it failed with the
 * log's tail once; either way the step's log (inline, or its object when large), which `jetway logs` prints.
 */
@Controller()
export class BuildHandler {
  private readonly store: ArtifactStore;

  constructor(
    @Inject(StepWorker) private readonly worker: StepWorker,
    @Inject(ArtifactObjects) objects: ArtifactObjects,
    @Inject(BUILDER_CONFIG) private readonly config: BuilderConfig,
    @Inject(BUILD_DRIVER) private readonly driver: BuildDriver,
  ) {
    this.store = { put: (name, path) => objects.putFile(name, path), putOnce: (name, path) => objects.putFileOnce(name, path) };
    mkdirSync(config.JETWAY_BUILDER_WORK_DIR, { recursive: true });
  }

  @EventPattern('jetway.step.build.triggered.v1')
  async build(@Payload() trigger: BuildTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('build', trigger, meta, async () => {
      const result = await buildArtifact(trigger, { workRoot: this.config.JETWAY_BUILDER_WORK_DIR, store: this.store, driver: this.driver });
      return asStep(result);
      // Repeatable: a build runs in its own scratch directory and leaves only content-addressed
      // objects behind, so building again (a delivery after a crash) harms nothing; the first
      // result recorded is the one every delivery publishes.
    }, 'repeatable');
  }
}
