import type { BundleToCheck as BundleCheck } from '../setup/generators';
import type { BundleVerdict } from '../setup/setup.ports';

export type { BundleCheck };

/** Checks one written release bundle (the monitor step's port). */
export interface BundleChecker {
  check(bundle: BundleCheck): Promise<BundleVerdict>;
  /**
   * Says a bundle is on its way (being generated and written): a check about to start waits a
   * moment for it, so releases handled together share one run. Call the returned function once
   * the bundle asked for its check, or will not (calling it again does nothing).
   */
  coming(): () => void;
}

interface Waiting {
  readonly bundle: BundleCheck;
  readonly resolve: (verdict: BundleVerdict) => void;
  readonly reject: (error: unknown) => void;
}

/** How long a check waits, at most, for the bundles said to be on their way. */
export const LINGER_MS = 500;

/**
 * Checks the bundles of releases that arrive while a check runs together, in the next one (as
 * a database commits the transactions that queued behind a flush). A check starts at once when
 * no other bundle is on its way (one release alone waits for nothing); when some are (a
 * delivery of several monitor steps, each generating its bundle), it waits for them, up to
 * `lingerMs`, so they share the run instead of one going alone and the rest after it: each run
 * spawns the same programs whatever its size. At most `maxBatch` bundles per run; one run at a time.
 */
export class BatchedChecks implements BundleChecker {
  private readonly waiting: Waiting[] = [];
  private running = false;
  private onTheirWay = 0;
  private linger: NodeJS.Timeout | undefined;
  private lingered = false;

  constructor(
    private readonly checkTogether: (bundles: readonly BundleCheck[]) => Promise<BundleVerdict[]>,
    private readonly maxBatch = 32,
    private readonly lingerMs = LINGER_MS,
  ) {}

  check(bundle: BundleCheck): Promise<BundleVerdict> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ bundle, resolve, reject });
      this.drain();
    });
  }

  coming(): () => void {
    this.onTheirWay += 1;
    let arrived = false;
    return () => {
      if (arrived) return;
      arrived = true;
      this.onTheirWay -= 1;
      this.drain();
    };
  }

  private drain(): void {
    if (this.running || this.waiting.length === 0) return;
    if (this.onTheirWay > 0 && this.waiting.length < this.maxBatch && !this.lingered) {
      this.linger ??= setTimeout(() => {
        this.linger = undefined;
        this.lingered = true;
        this.drain();
      }, this.lingerMs);
      return;
    }
    clearTimeout(this.linger);
    this.linger = undefined;
    this.lingered = false;
    this.running = true;
    void this.run(this.waiting.splice(0, this.maxBatch)).finally(() => {
      this.running = false;
      this.drain();
    });
  }

  private async run(batch: readonly Waiting[]): Promise<void> {
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
}
