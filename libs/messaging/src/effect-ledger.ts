import { createHash } from 'node:crypto';
import type { KV } from 'nats';
import { TransientError } from './errors';
import { isUnavailable, untilAvailable } from './unavailable';

interface Claim<T> {
  state: 'claimed' | 'done';
  owner: string;
  at: number;
  result?: T;
}

const codec = { encode: (v: unknown) => new TextEncoder().encode(JSON.stringify(v)), decode: <T>(b: Uint8Array) => JSON.parse(new TextDecoder().decode(b)) as T };

/** KV keys allow `[-/_=.a-zA-Z0-9]`; anything else (or a long key) is hashed. */
export function ledgerKey(key: string): string {
  return /^[-_=.a-zA-Z0-9]{1,200}$/.test(key) ? key : `h.${createHash('sha256').update(key).digest('hex')}`;
}

/**
 * Guards external effects (start a process, post to Slack) with a claim in the idempotency
 * bucket, made with KV `create()` — only one claimant wins. A finished effect stores its result,
 * so a redelivered message gets the same result back without repeating the effect. The claim is
 * a lease the holder renews while its effect runs; a holder that died stops renewing, and its
 * claim is taken over `leaseMs` later (the effect may then run again: at-least-once for a crash
 * in the middle of the effect itself, exactly-once otherwise — drivers narrow that window by
 * checking the world first, as the deployer does with the instances it finds running).
 */
export class EffectLedger {
  constructor(
    private readonly kv: KV,
    private readonly owner: string,
    private readonly leaseMs = 15_000,
    /** Told when a finished effect is replayed instead of repeated. */
    private readonly onReplay: () => void = () => undefined,
  ) {}

  async once<T>(key: string, effect: () => Promise<T>): Promise<{ result: T; replayed: boolean }> {
    const k = ledgerKey(key);
    const claimed = await this.claim<T>(k);
    if (typeof claimed !== 'number') {
      this.onReplay();
      return { result: claimed.result as T, replayed: true };
    }
    const lease = this.renew(k, claimed);
    let result: T;
    try {
      result = await effect();
    } catch (error) {
      const revision = await lease.end();
      await this.kv.delete(k, { previousSeq: revision }).catch(() => undefined);
      throw error;
    }
    const revision = await lease.end();
    // The effect happened: failing to write that down would repeat it after the lease. Ride out
    // a leader election (503, timeouts) for most of the lease, which keeps others off meanwhile.
    const done = codec.encode({ state: 'done', owner: this.owner, at: Date.now(), result } satisfies Claim<T>);
    await untilAvailable(`recording effect ${k}`, () => this.rewrite(k, done, revision), () => undefined, 1_000, this.leaseMs * 0.8);
    return { result, replayed: false };
  }

  /**
   * For work that may safely run twice — its effects stay in JetStream or converge by content (a
   * scan's attestation of a digest, a probe, files written only when they differ) — no claim
   * and no lease: the work runs, then its result is written once (one write instead of a claim,
   * renewals and a result). The first result written wins: a delivery that finds one already
   * there returns that one, so every delivery publishes the same outcome. A failed write (NATS
   * away) throws, and the redelivery runs the work again, which it may.
   */
  async repeatable<T>(key: string, work: () => Promise<T>): Promise<{ result: T; replayed: boolean }> {
    const k = ledgerKey(key);
    const result = await work();
    const done = codec.encode({ state: 'done', owner: this.owner, at: Date.now(), result } satisfies Claim<T>);
    try {
      await this.kv.create(k, done);
      return { result, replayed: false };
    } catch (error) {
      if (isUnavailable(error)) throw error;
      const entry = await this.kv.get(k);
      const existing = entry?.operation === 'PUT' ? codec.decode<Claim<T>>(entry.value) : undefined;
      if (existing?.state === 'done') {
        this.onReplay();
        return { result: existing.result as T, replayed: true };
      }
      // A claim left by a worker that guarded this kind of step (an older version), or a deleted entry: ours goes on top.
      await this.kv.put(k, done);
      return { result, replayed: false };
    }
  }

  /** The result a finished effect recorded under `key`; undefined while it is claimed or never ran. */
  async recorded<T>(key: string): Promise<T | undefined> {
    const entry = await this.kv.get(ledgerKey(key));
    if (!entry || entry.operation !== 'PUT') return undefined;
    const claim = codec.decode<Claim<T>>(entry.value);
    return claim.state === 'done' ? claim.result : undefined;
  }

  /** Renews the claim every third of the lease; `end()` stops and gives the latest revision. */
  private renew(k: string, revision: number): { end(): Promise<number> } {
    let latest = revision;
    let pending: Promise<void> = Promise.resolve();
    const timer = setInterval(() => {
      pending = pending.then(async () => {
        const fresh = codec.encode({ state: 'claimed', owner: this.owner, at: Date.now() } satisfies Claim<never>);
        // A failed renewal (NATS away for a moment) is retried at the next tick; the lease covers it.
        latest = await this.rewrite(k, fresh, latest).catch(() => latest);
      });
    }, Math.max(50, this.leaseMs / 3));
    return {
      end: async () => {
        clearInterval(timer);
        await pending;
        return latest;
      },
    };
  }

  /**
   * Updates our own entry at `revision`. During an election a write can land while its
   * acknowledgement is lost, leaving `revision` stale: the entry then still names us as owner at
   * a newer revision, and we write on top of that one instead of losing the lease (after which
   * another delivery would take the claim over and repeat the effect).
   */
  private async rewrite(k: string, value: Uint8Array, revision: number): Promise<number> {
    try {
      return await this.kv.update(k, value, revision);
    } catch (error) {
      if (isUnavailable(error)) throw error;
      const entry = await this.kv.get(k);
      const ours = entry?.operation === 'PUT' && codec.decode<Claim<unknown>>(entry.value).owner === this.owner;
      if (!entry || !ours || entry.revision === revision) throw error;
      return this.kv.update(k, value, entry.revision);
    }
  }

  /** The revision of our new claim, or the finished claim of an earlier run. */
  private async claim<T>(k: string): Promise<number | Claim<T>> {
    const mine = codec.encode({ state: 'claimed', owner: this.owner, at: Date.now() } satisfies Claim<T>);
    try {
      return await this.kv.create(k, mine);
    } catch {
      const entry = await this.kv.get(k);
      if (!entry || entry.operation !== 'PUT') return this.kv.update(k, mine, entry?.revision ?? 0);
      const existing = codec.decode<Claim<T>>(entry.value);
      if (existing.state === 'done') return existing;
      const leaseLeft = this.leaseMs - (Date.now() - existing.at);
      if (leaseLeft > 0) {
        // Come back when the lease would have run out, not sooner: each try spends a delivery.
        throw new TransientError(`effect ${k} is in progress (claimed by ${existing.owner})`, { retryAfterMs: Math.max(500, leaseLeft + 250) });
      }
      return this.kv.update(k, mine, entry.revision);
    }
  }
}
