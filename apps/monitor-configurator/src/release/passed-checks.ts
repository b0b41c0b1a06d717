/** What checking a bundle found: undefined when every check passed, else why it may not go out. */
export type CheckVerdict = string | undefined;

/** A check that passed: the bundle it ran on, and when. */
export interface EarlierPass {
  readonly digest: string;
  readonly checkedAt: string;
}

/** What a check of a bundle found, and — when a part of it was left out — whose pass stood in for it. */
export interface CheckOutcome {
  readonly refused: CheckVerdict;
  /** The earlier pass of the part left out (see PassedChecks.once). */
  readonly partFrom?: EarlierPass;
}

/** How a release's bundle was found valid: checked now, or the same bytes passed before. */
export interface CheckedBundle extends CheckOutcome {
  /** When the tools did not run for this bundle: the earlier pass of the same bytes it reuses. */
  readonly reused?: EarlierPass;
}

/**
 * Checks that passed, by key: the bytes of a bundle (its digest), or what a part of its checks
 * depends on (see monitor-release's ruleBehaviour). A verdict is a function of what it is keyed
 * by and of the tools installed, so it is not worked out twice, and callers that ask at the same
 * moment share one check. Only passes are kept: a refusal (or a tool that could not run) is
 * checked again next time, so installing a missing tool or fixing a file takes effect at once.
 * The least recently used go first beyond `limit`; a restart forgets them all (each is then
 * checked once more).
 */
export class PassedChecks {
  private readonly passed = new Map<string, EarlierPass>();
  private readonly inFlight = new Map<string, Promise<CheckOutcome>>();

  constructor(
    private readonly limit = 1_000,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The bundle keyed `digest`: its earlier pass reused, a check running for it shared, or `run` now. */
  async check(digest: string, run: () => Promise<CheckOutcome>): Promise<CheckedBundle> {
    const earlier = this.used(digest);
    if (earlier) return { refused: undefined, reused: earlier };
    return this.inFlight.get(digest) ?? this.running(digest, digest, run());
  }

  /**
   * A part of the checks keyed `key` runs once: `run(true)` when nothing passed for `key` yet
   * (that run is then the one others wait for), `run(false)` — leaving that part out — when it
   * passed before or passes in the run others waited for. `earlier` names that pass.
   */
  async once(key: string, digest: string, run: (first: boolean) => Promise<CheckVerdict>): Promise<CheckOutcome> {
    for (;;) {
      const earlier = this.used(key);
      if (earlier) return { refused: await run(false), partFrom: earlier };
      const pending = this.inFlight.get(key);
      if (!pending) break;
      // Whatever it found, look again: passed now, or this caller runs the part itself.
      await pending.catch(() => undefined);
    }
    return this.running(key, digest, run(true).then((refused) => ({ refused })));
  }

  private async running(key: string, digest: string, checking: Promise<CheckOutcome>): Promise<CheckOutcome> {
    this.inFlight.set(key, checking);
    try {
      const outcome = await checking;
      if (outcome.refused === undefined) this.remember(key, digest);
      return outcome;
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** The earlier pass of `key`, made the most recently used (the map's order is the eviction order). */
  private used(key: string): EarlierPass | undefined {
    const earlier = this.passed.get(key);
    if (earlier === undefined) return undefined;
    this.passed.delete(key);
    this.passed.set(key, earlier);
    return earlier;
  }

  private remember(key: string, digest: string): void {
    this.passed.set(key, { digest, checkedAt: this.now().toISOString() });
    for (const oldest of this.passed.keys()) {
      if (this.passed.size <= this.limit) break;
      this.passed.delete(oldest);
    }
  }
}
