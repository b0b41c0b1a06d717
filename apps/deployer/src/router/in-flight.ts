/** Requests in flight per backend target, and waiters for some targets to have none. */
export class InFlight {
  private readonly counts = new Map<string, number>();
  private readonly waiters = new Set<() => void>();

  count(target: string): number {
    return this.counts.get(target) ?? 0;
  }

  /** Requests in flight to any backend. */
  total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  /** Counts one request to `target`; returns its end, which may be called more than once. */
  enter(target: string): () => void {
    this.counts.set(target, this.count(target) + 1);
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      const left = this.count(target) - 1;
      if (left > 0) this.counts.set(target, left);
      else this.counts.delete(target);
      for (const waiter of [...this.waiters]) waiter();
    };
  }

  /** Resolves true once none of `targets` (every target when undefined) has a request in flight, false after `timeoutMs`. */
  drained(targets: readonly string[] | undefined, timeoutMs: number): Promise<boolean> {
    const busy = () => (targets === undefined ? this.total() > 0 : targets.some((t) => this.count(t) > 0));
    return new Promise((resolve) => {
      const check = () => {
        if (busy()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(true);
      };
      const timer = setTimeout(() => (this.waiters.delete(check), resolve(false)), timeoutMs);
      this.waiters.add(check);
      check();
    });
  }
}
