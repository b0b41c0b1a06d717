import type { BundleToCheck as BundleCheck } from '../setup/generators';
import type { BundleVerdict } from '../setup/setup.ports';

export type { BundleCheck };

/** Checks one written release bundle (the monitor step's port). */
export interface BundleChecker {
  check(bundle: BundleCheck): Promise<BundleVerdict>;
}

interface Waiting {
  readonly bundle: BundleCheck;
  readonly resolve: (verdict: BundleVerdict) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Checks the bundles of releases that arrive while a check runs together, in the next one (as
 * a database commits the transactions that queued behind a flush): one release alone is checked
 * at once, a burst shares each tool run (`checkTogether`, e.g. generators' checkBundlesTogether).
 * At most `maxBatch` bundles per run; one run at a time.
 */
export class BatchedChecks implements BundleChecker {
  private readonly waiting: Waiting[] = [];
  private running = false;

  constructor(
    private readonly checkTogether: (bundles: readonly BundleCheck[]) => Promise<BundleVerdict[]>,
    private readonly maxBatch = 32,
  ) {}

  check(bundle: BundleCheck): Promise<BundleVerdict> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ bundle, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.maxBatch);
        try {
          const verdicts = await this.checkTogether(batch.map((w) => w.bundle));
          batch.forEach((w, i) => {
            const verdict = verdicts[i];
            if (verdict) w.resolve(verdict);
            else w.reject(new Error(`the check of ${batch.length} bundles returned ${verdicts.length} verdicts`));
          });
        } catch (error) {
          for (const w of batch) w.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
