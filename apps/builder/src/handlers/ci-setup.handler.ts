import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { AnalyzeTriggered, GenerateTriggered, ProveTriggered, PublishTriggered } from '@jetway/contracts';
import { ArtifactObjects, StepWorker, type MessageMeta, type StepResult } from '@jetway/messaging';
import { analyzeProject } from '../ci-setup/analyze';
import { generateCi } from '../ci-setup/generate';
import { proveCommands } from '../ci-setup/prove/prove.use-case';
import { publishBundle } from '../ci-setup/publish/publish.use-case';
import { BUILDER_CONFIG, type BuilderConfig } from '../config/builder.config';
import type { ArtifactStore } from '../use-cases';
import { asStep } from './as-step';


/**
 * The builder's four steps of the CI/CD setup pipeline, each once per (run, step, attempt):
 * analyze (the project from its files → analysis, the tree's digest, the commit), generate (CI
 * configuration per platform → the bundle's digest, files and commands), prove (the generated
 * commands in a sandbox → succeeded, failed or skipped with what is missing) and publish (one
 * commit on a new branch, or a patch next to a plain directory).
 */
@Controller()
export class CiSetupHandler {
  private readonly store: ArtifactStore;
  private readonly workRoot: string;

  constructor(
    @Inject(StepWorker) private readonly worker: StepWorker,
    @Inject(ArtifactObjects) private readonly objects: ArtifactObjects,
    @Inject(BUILDER_CONFIG) config: BuilderConfig,
  ) {
    this.store = { put: (name, path) => objects.putFile(name, path), putOnce: (name, path) => objects.putFileOnce(name, path) };
    this.workRoot = config.JETWAY_BUILDER_WORK_DIR;
  }

  @EventPattern('jetway.step.analyze.triggered.v1')
  async analyze(@Payload() trigger: AnalyzeTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('analyze', trigger, meta, async () => asStep(await analyzeProject(trigger, { workRoot: this.workRoot, store: this.store })) as StepResult<'analyze'>);
  }

  @EventPattern('jetway.step.generate.triggered.v1')
  async generate(@Payload() trigger: GenerateTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('generate', trigger, meta, async () => asStep(await generateCi(trigger, { workRoot: this.workRoot, store: this.store })) as StepResult<'generate'>);
  }

  @EventPattern('jetway.step.prove.triggered.v1')
  async prove(@Payload() trigger: ProveTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('prove', trigger, meta, () => proveCommands(trigger, { workRoot: this.workRoot, objects: this.objects }));
  }

  @EventPattern('jetway.step.publish.triggered.v1')
  async publish(@Payload() trigger: PublishTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('publish', trigger, meta, async () => ({ outcome: 'succeeded', ...(await publishBundle(trigger, { workRoot: this.workRoot, objects: this.objects })) }));
  }
}
