/** What checking a bundle found: undefined when every check passed, else why it may not go out. */
export type CheckVerdict = string | undefined;

/** How a release's bundle was found valid: checked now, or the same bytes passed before. */
export interface CheckedBundle {
  readonly refused: CheckVerdict;
  /** When the tools did not run for this bundle: the digest whose earlier pass it reuses, and when that check ran. */
  readonly reused?: { readonly digest: string; readonly checkedAt: string };
}

/**
 * The bundles that passed the formats' own tools, by digest (the bytes of every file). A
 * verdict is a function of the bytes and the tools installed, so a release redeployed with the
 * same monitoring is not checked again, and releases of one bundle checked at the same moment
 * share one check. Only passes are kept: a refusal (or a tool that could not run) is checked
 * again next time, so installing a missing tool or fixing a file takes effect at once. The
 * oldest entries go first beyond `limit`; a restart forgets them all (each bundle is then
 * checked once more).
 */
export class PassedChecks {
  private readonly passed = new Map<string, string>();
  private readonly inFlight = new Map<string, Promise<CheckVerdict>>();

  constructor(
    private readonly limit = 1_000,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async check(digest: string, run: () => Promise<CheckVerdict>): Promise<CheckedBundle> {
    const checkedAt = this.passed.get(digest);
    if (checkedAt !== undefined) {
      // Most recently used last: the map's order is the eviction order.
      this.passed.delete(digest);
      this.passed.set(digest, checkedAt);
      return { refused: undefined, reused: { digest, checkedAt } };
    }
    const pending = this.inFlight.get(digest);
    if (pending) return { refused: await pending };
    const checking = run();
    this.inFlight.set(digest, checking);
    try {
      const refused = await checking;
      if (refused === undefined) this.remember(digest);
      return { refused };
    } finally {
      this.inFlight.delete(digest);
    }
  }

  private remember(digest: string): void {
    this.passed.set(digest, this.now().toISOString());
    for (const oldest of this.passed.keys()) {
      if (this.passed.size <= this.limit) break;
      this.passed.delete(oldest);
    }
  }
}
