import { stepLogObjectName } from '@jetway/contracts';
import type { ArtifactObjects } from '@jetway/messaging';
import type { JsonLogger } from '@jetway/telemetry';

/**
 * Step logs in the Object Store under `stepLogObjectName(ref)`, where `jetway logs` reads them.
 * A log that cannot be stored is logged and left out of the step result: the deploy's outcome
 * must not depend on it.
 */
export class StepLogObjects {
  constructor(
    private readonly objects: Pick<ArtifactObjects, 'putBytes'>,
    private readonly logger: Pick<JsonLogger, 'warn'>,
  ) {}

  async store(ref: { run_id: string; step_id: string; attempt: number }, text: string): Promise<string | undefined> {
    const name = stepLogObjectName(ref);
    try {
      await this.objects.putBytes(name, Buffer.from(text, 'utf8'));
      return name;
    } catch (error) {
      this.logger.warn(`could not store the step log ${name}`, { ...ref, error: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  }
}
