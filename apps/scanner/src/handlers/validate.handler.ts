import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { ValidateTriggered } from '@jetway/contracts';
import { ArtifactObjects, keepStepLog, StepWorker, type MessageMeta } from '@jetway/messaging';
import { JsonLogger } from '@jetway/telemetry';
import { validateBundle } from '../use-cases';

/**
 * step.validate.triggered → the CI bundle's files through each platform's validators → finished
 * with every verdict as outputs and the full report as the step's log (inline when small, else stored). One failing verdict fails
 * the step, its reason naming file, validator and first findings.
 */
@Controller()
export class ValidateHandler {
  constructor(
    @Inject(StepWorker) private readonly worker: StepWorker,
    @Inject(ArtifactObjects) private readonly objects: ArtifactObjects,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  @EventPattern('jetway.step.validate.triggered.v1')
  async validate(@Payload() trigger: ValidateTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('validate', trigger, meta, async () => {
      const { outcome, reason, outputs, log } = await validateBundle(trigger, { reader: { get: (name) => this.objects.getBytes(name) } });
      const kept = await keepStepLog(trigger, log, (name, bytes) => this.objects.putBytes(name, bytes));
      const { run_id, step_id, digest } = trigger;
      this.logger[outcome === 'succeeded' ? 'info' : 'warn'](`validate ${outcome}`, { run_id, step_id, digest, failed: outputs.results.filter((r) => !r.ok).length });
      return { outcome, reason, outputs, ...kept };
    });
  }
}
