import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { ScanTriggered } from '@jetway/contracts';
import { ArtifactObjects, AttestationStore, StepWorker, type MessageMeta } from '@jetway/messaging';
import { scanArtifact } from '../use-cases';

/**
 * step.scan.triggered → scan the digest's bytes → SARIF report + attestation → finished. The
 * step succeeds when the scan ran; the verdict (pass/fail) is the attestation the gates read.
 */
@Controller()
export class ScanHandler {
  constructor(
    @Inject(StepWorker) private readonly worker: StepWorker,
    @Inject(ArtifactObjects) private readonly objects: ArtifactObjects,
    @Inject(AttestationStore) private readonly attestations: AttestationStore,
  ) {}

  @EventPattern('jetway.step.scan.triggered.v1')
  async scan(@Payload() trigger: ScanTriggered, @Ctx() meta: MessageMeta): Promise<void> {
    await this.worker.run('scan', trigger, meta, async () => {
      const { outputs, sarif } = await scanArtifact(trigger, { reader: { get: (name) => this.objects.getBytes(name) } });
      await this.objects.putBytes(outputs.sarif_object, Buffer.from(sarif));
      await this.attestations.recordScan({
        kind: 'scan',
        digest: trigger.digest,
        verdict: outputs.verdict,
        fail_on_severity: trigger.fail_on_severity,
        counts: outputs.counts,
        run_id: trigger.run_id,
        at: new Date().toISOString(),
      });
      return { outcome: 'succeeded', outputs };
    });
  }
}
