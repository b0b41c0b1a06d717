import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { InfraScanTriggered } from '@jetway/contracts';
import { ArtifactObjects, AttestationStore, StepWorker, type MessageMeta } from '@jetway/messaging';
import { JsonLogger } from '@jetway/telemetry';
import { scanInfrastructure } from '../use-cases/scan-infrastructure.use-case';

/**
 * step.infra-scan.triggered → the generated IaC bundle through the IaC rules and the cost
 * estimate → SARIF log + scan attestation of the bundle's digest → finished. The attestation (what
 * the planner reads before planning) is written pass or fail; a failing scan finishes `failed`.
 */
@Controller()
export class InfraScanHandler {
  constructor(
    @Inject(StepWorker) private readonly worker: StepWorker,
    @Inject(ArtifactObjects) private readonly objects: ArtifactObjects,
    @Inject(AttestationStore) private readonly attestations: AttestationStore,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  @EventPattern('jetway.step.infra-scan.triggered.v1')
  async scan(@Payload() trigger: InfraScanTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('infra-scan', trigger, meta, async () => {
      const { outcome, reason, outputs, sarif, attestation, log } = await scanInfrastructure(trigger, { reader: { get: (name) => this.objects.getBytes(name) } });
      if (sarif !== undefined && outputs.sarif_object) await this.objects.putBytes(outputs.sarif_object, Buffer.from(sarif));
      const { digest, run_id, step_id, stack } = trigger;
      await this.attestations.recordScan({ kind: 'scan', digest, ...attestation, run_id, at: new Date().toISOString() });
      this.logger[log.level](log.message, { run_id, step_id, stack, digest, rules_run: outputs.rules_run, counts: attestation.counts, monthly_usd: outputs.cost?.monthly_usd });
      return { outcome, reason, outputs };
    });
  }
}
