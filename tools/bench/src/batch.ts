/** Calls `task(i)` for i in 0..count-1 with at most `width` calls in flight. */
export async function pooled(count: number, width: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, lane));
}

/** A monotonic clock shared by every process on the machine (CLOCK_MONOTONIC), in milliseconds. */
export function monoMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * Counts distinct finished runs until `expected` arrived or `timeoutMs` passed; `progress` is
 * called every few seconds. Resolves with the monotonic time of the last arrival.
 */
export class FinishLine {
  private readonly done = new Map<string, boolean>();
  private lastAt = 0;
  /** The first few reasons runs failed, for the report. */
  readonly reasons = new Set<string>();
  private release: (() => void) | undefined;

  constructor(private readonly expected: number) {}

  /** Records a run's end (repeats are ignored); `ok` false counts it as finished but failed. */
  arrive(run: string, ok = true, reason?: string): void {
    if (this.done.has(run)) return;
    this.done.set(run, ok);
    if (!ok && this.reasons.size < 3) this.reasons.add(reason ?? 'no reason given');
    this.lastAt = monoMs();
    if (this.done.size >= this.expected) this.release?.();
  }

  get finished(): number {
    return this.done.size;
  }

  get failed(): number {
    return [...this.done.values()].filter((ok) => !ok).length;
  }

  async wait(timeoutMs: number, progress?: (finished: number) => void): Promise<{ lastAt: number; timedOut: boolean }> {
    if (this.done.size < this.expected) {
      const ticker = progress ? setInterval(() => progress(this.done.size), 5_000) : undefined;
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.release = resolve;
        timer = setTimeout(resolve, timeoutMs);
      });
      clearTimeout(timer);
      clearInterval(ticker);
    }
    return { lastAt: this.lastAt, timedOut: this.done.size < this.expected };
  }
}
