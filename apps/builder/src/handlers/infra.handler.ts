import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { InfraGenerateTriggered } from '@jetway/contracts';
import { ArtifactObjects, StepWorker, type MessageMeta } from '@jetway/messaging';
import { generateInfrastructure, type GenerateInfrastructureDeps } from '../infrastructure/generate-infrastructure.use-case';
import { ObjectInfraBundleStore } from '../infrastructure/object-infra-bundle-store';

/**
 * The builder's step of the infrastructure pipeline: generate (the stack's IaC files → one bundle
 * in the Object Store, its digest and paths). A request it cannot generate fails the step with the
 * reason; a store it cannot reach is retried.
 */
@Controller()
export class InfraHandler {
  private readonly deps: GenerateInfrastructureDeps;

  constructor(
    @Inject(StepWorker) private readonly worker: StepWorker,
    @Inject(ArtifactObjects) objects: ArtifactObjects,
  ) {
    // A relative configuration.playbook is read from the directory the builder was started in.
    this.deps = { store: new ObjectInfraBundleStore(objects), workingDir: process.cwd() };
  }

  @EventPattern('jetway.step.infra-generate.triggered.v1')
  async generate(@Payload() trigger: InfraGenerateTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('infra-generate', trigger, meta, async () => ({ outcome: 'succeeded', outputs: await generateInfrastructure(trigger, this.deps) }));
  }
}
