import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { ScanTriggered } from '@jetway/contracts';
import { ArtifactObjects, AttestationStore, StepWorker, type MessageMeta } from '@jetway/messaging';
import { JsonLogger } from '@jetway/telemetry';
import { scanArtifact } from '../use-cases';

/**
 * step.scan.triggered → scan the digest's bytes (and the source's, when given) → SARIF report +
 * attestation → finished. A failing verdict finishes the step `failed` with the findings as its
 * reason and outputs; the attestation (what the gates read) is written either way.
 */
@Controller()
export class ScanHandler {
  constructor(
    @Inject(StepWorker) private readonly worker: StepWorker,
    @Inject(ArtifactObjects) private readonly objects: ArtifactObjects,
    @Inject(AttestationStore) private readonly attestations: AttestationStore,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  @EventPattern('jetway.step.scan.triggered.v1')
  async scan(@Payload() trigger: ScanTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('scan', trigger, meta, async () => {
      const { outputs, sarif, report } = await scanArtifact(trigger, { reader: { get: (name) => this.objects.getBytes(name) } });
      await this.objects.putBytes(outputs.sarif_object, Buffer.from(sarif));
      const { verdict, counts, targets } = outputs;
      const at = new Date().toISOString();
      const { digest, fail_on_severity, run_id, step_id } = trigger;
      await this.attestations.recordScan({ kind: 'scan', digest, verdict, fail_on_severity, counts, run_id, at });
      this.logger[report.log.level](report.log.message, { run_id, step_id, digest, targets, counts, findings: report.log.findings });
      return { outcome: report.outcome, reason: report.reason, outputs };
      // Repeatable: a scan reads the artifact and writes its SARIF and attestation by digest.
    }, 'repeatable');
  }
}
