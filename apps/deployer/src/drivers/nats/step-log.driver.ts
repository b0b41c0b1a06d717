import { keepStepLog, type ArtifactObjects } from '@jetway/messaging';
import type { JsonLogger } from '@jetway/telemetry';
import type { StepLogFields } from '../../strategies';

/**
 * Step logs for `finished` events, where `jetway logs` reads them: a small one inline (`log`), a
 * larger one in the Object Store under `stepLogObjectName(ref)` (`log_object`), by
 * {@link keepStepLog}. A log that cannot be stored is logged and left out of the step result:
 * the deploy's outcome must not depend on it.
 */
export class StepLogObjects {
  constructor(
    private readonly objects: Pick<ArtifactObjects, 'putBytes'>,
    private readonly logger: Pick<JsonLogger, 'warn'>,
  ) {}

  async keep(ref: { run_id: string; step_id: string; attempt: number }, text: string): Promise<StepLogFields> {
    try {
      return await keepStepLog(ref, text, (name, bytes) => this.objects.putBytes(name, bytes));
    } catch (error) {
      this.logger.warn(`could not store the step log of ${ref.step_id} (attempt ${ref.attempt})`, { ...ref, error: error instanceof Error ? error.message : String(error) });
      return {};
    }
  }
}
