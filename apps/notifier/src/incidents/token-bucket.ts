import type { PacerClock } from '../drivers/slack/pacer';

const realClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

interface Bucket {
  /** Tokens at `at` (may be negative: queued callers have reserved tokens not yet refilled). */
  tokens: number;
  at: number;
  /** No token is handed out before this (the remote asked for quiet). */
  quietUntil: number;
}

/**
 * A token bucket per key (one destination: a routing key, a webhook URL): up to `capacity` sends
 * at once, then one more every `refillMs`. Callers queue in call order and nothing is dropped;
 * a caller reserves its token synchronously, then waits until it exists. In any window of `w` ms
 * at most `capacity + w / refillMs` sends start. Per process, like the Slack pacer.
 */
export class TokenBucket {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly capacity: number,
    private readonly refillMs: number,
    private readonly clock: PacerClock = realClock,
  ) {
    if (capacity < 1 || refillMs <= 0) throw new Error(`a token bucket needs capacity ≥ 1 and refillMs > 0 (got ${capacity}, ${refillMs})`);
  }

  /** Resolves when the caller may send to `key`. */
  async acquire(key: string): Promise<void> {
    const now = this.clock.now();
    const bucket = this.refilled(key, now);
    bucket.tokens -= 1;
    // A negative balance of -n means n callers ahead of the token being made: wait for it.
    const refillWait = bucket.tokens >= 0 ? 0 : Math.ceil(-bucket.tokens * this.refillMs);
    const wait = Math.max(refillWait, bucket.quietUntil - now);
    if (wait > 0) await this.clock.sleep(wait);
  }

  /** The remote answered 429 with Retry-After: hand out nothing for `key` for `ms` from now. */
  holdOff(key: string, ms: number): void {
    const now = this.clock.now();
    const bucket = this.refilled(key, now);
    bucket.quietUntil = Math.max(bucket.quietUntil, now + ms);
  }

  private refilled(key: string, now: number): Bucket {
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now, quietUntil: 0 };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.at) / this.refillMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    return bucket;
  }
}

/**
 * PagerDuty's Events API v2 takes 120 events a minute per routing key: a burst of 20, then one
 * every 600 ms, keeps every 60-second window at 20 + 100 = 120 at most.
 */
export const pagerDutyBucket = (clock?: PacerClock) => new TokenBucket(20, 600, clock);
