/** Time as the pacer sees it; injectable so pacing is testable without waiting. */
export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Spaces calls per key (a webhook URL) at least `intervalMs` apart. Callers queue in call order;
 * nothing is dropped. Per process: replicas posting to the same URL are not coordinated.
 */
export class Pacer {
  private readonly nextSlot = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly clock: PacerClock = realClock,
  ) {}

  /** Resolves when the caller may send to `key`; reserves the slot synchronously, so order is kept. */
  async acquire(key: string): Promise<void> {
    const now = this.clock.now();
    const at = Math.max(now, this.nextSlot.get(key) ?? 0);
    this.nextSlot.set(key, at + this.intervalMs);
    if (at > now) await this.clock.sleep(at - now);
  }

  /** The remote asked for quiet (429 Retry-After): no new slot for `key` before `ms` from now. */
  holdOff(key: string, ms: number): void {
    const until = this.clock.now() + ms;
    this.nextSlot.set(key, Math.max(this.nextSlot.get(key) ?? 0, until));
  }
}
