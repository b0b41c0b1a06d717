import type { KV } from 'nats';
import { TransientError } from './errors';
import { kvKey } from './kv-store';
import { isUnavailable, untilAvailable } from './unavailable';

interface Claim<T> {
  /**
   * `partial`: some effects of a batch (onceEach) failed and the claim was given up; `done` holds the rest.
   * `recorded` is never stored: what `claim()` answers for an effect whose record (onceRecorded) was found.
   */
  state: 'claimed' | 'done' | 'partial' | 'recorded';
  owner: string;
  at: number;
  result?: T;
  /** onceEach: the result of each effect of the batch done so far, by its id. */
  done?: Record<string, T>;
}

/** One of several outside effects of one message, named by an id unique in its batch. */
export interface BatchEffect<T> {
  readonly id: string;
  readonly effect: () => Promise<T>;
}

/** How one effect of a batch went: done now, replayed from an earlier delivery, or failed. */
export type BatchOutcome<T> =
  | { readonly id: string; readonly status: 'fulfilled'; readonly result: T; readonly replayed: boolean }
  | { readonly id: string; readonly status: 'rejected'; readonly reason: unknown };

const codec = { encode: (v: unknown) => new TextEncoder().encode(JSON.stringify(v)), decode: <T>(b: Uint8Array) => JSON.parse(new TextDecoder().decode(b)) as T };


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
    const k = kvKey(key);
    const claimed = await this.claim<T>(k);
    if (typeof claimed !== 'number') {
      this.onReplay();
      return { result: claimed.result as T, replayed: true };
    }
    const lease = this.lease(k, claimed, () => ({ state: 'claimed', owner: this.owner, at: Date.now() }));
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
   * An outside effect whose result is recorded elsewhere: a step's `finished` event in
   * JETWAY_EVENTS. Claim and lease as {@link once}, but no result write: the lease is held until
   * `record(result)` has written that record, and a later delivery asks `recorded()` first — one
   * write per effect instead of two. The window in which a crash repeats the effect is the same:
   * between the effect and the one write that follows it. A record that cannot be written falls
   * back to the ledger's result (then the error is thrown, and the next delivery replays it).
   * `record(result, true)` re-records a result an earlier delivery kept in the ledger.
   */
  async onceRecorded<T>(
    key: string,
    effect: () => Promise<T>,
    record: (result: T, replayed: boolean) => Promise<void>,
    recorded: () => Promise<T | undefined>,
  ): Promise<{ result: T; replayed: boolean }> {
    const k = kvKey(key);
    const claimed = await this.claim<T>(k, recorded);
    if (typeof claimed !== 'number') {
      this.onReplay();
      // A result from the ledger (an older delivery, or a record that could not be written) is recorded again.
      if (claimed.state === 'done') await record(claimed.result as T, true);
      return { result: claimed.result as T, replayed: true };
    }
    const lease = this.lease(k, claimed, () => ({ state: 'claimed', owner: this.owner, at: Date.now() }));
    let result: T;
    try {
      result = await effect();
    } catch (error) {
      const revision = await lease.end();
      await this.kv.delete(k, { previousSeq: revision }).catch(() => undefined);
      throw error;
    }
    try {
      await record(result, false);
    } catch (error) {
      const revision = await lease.end();
      const done = codec.encode({ state: 'done', owner: this.owner, at: Date.now(), result } satisfies Claim<T>);
      await untilAvailable(`recording effect ${k}`, () => this.rewrite(k, done, revision), () => undefined, 1_000, this.leaseMs * 0.8);
      throw error;
    }
    await lease.end();
    return { result, replayed: false };
  }

  /**
   * Several outside effects of one message (a run's Slack post, PagerDuty event and webhook) under
   * one claim: two writes for the lot — the claim and the results — instead of two per effect.
   * They run side by side; one done while others still run is written into the claim in the
   * next turn of the event loop, so a holder that dies repeats only an effect it had not written
   * down yet: the window between an effect and its record is about one KV write, as per-effect
   * claims had (the price: a write per effect done before the last, unless done in the same turn).
   * A failed effect leaves the claim `partial`, which the next delivery takes over at once to run
   * only the effects not done; an effect id the entry does not know yet (a channel configured
   * since) runs.
   */
  async onceEach<T>(key: string, effects: readonly BatchEffect<T>[]): Promise<BatchOutcome<T>[]> {
    if (effects.length === 0) return [];
    const k = kvKey(key);
    const claimed = await this.claimBatch<T>(k, effects.map((e) => e.id));
    const earlier = claimed.done;
    const done: Record<string, T> = { ...earlier };
    const outcomes: BatchOutcome<T>[] = effects.filter((e) => Object.hasOwn(earlier, e.id)).map(({ id }) => {
      this.onReplay();
      return { id, status: 'fulfilled', result: earlier[id] as T, replayed: true };
    });
    if (claimed.revision === undefined) return outcomes;
    const lease = this.lease(k, claimed.revision, () => ({ state: 'claimed', owner: this.owner, at: Date.now(), done }));
    const todo = effects.filter((e) => !Object.hasOwn(earlier, e.id));
    let running = todo.length;
    let progress: NodeJS.Immediate | undefined;
    const settled = await Promise.all(
      todo.map(async ({ id, effect }): Promise<BatchOutcome<T>> => {
        let outcome: BatchOutcome<T>;
        try {
          outcome = { id, status: 'fulfilled', result: await effect(), replayed: false };
          done[id] = outcome.result;
        } catch (reason) {
          outcome = { id, status: 'rejected', reason };
        }
        running -= 1;
        // Recorded in the next turn of the event loop (effects done in the same turn share the write;
        // when they were the last, the final write below records them instead).
        if (outcome.status === 'fulfilled' && running > 0) progress ??= setImmediate(() => ((progress = undefined), void lease.write()));
        return outcome;
      }),
    );
    clearImmediate(progress);
    const revision = await lease.end();
    const failed = settled.some((o) => o.status === 'rejected');
    if (failed && Object.keys(done).length === 0) {
      await this.kv.delete(k, { previousSeq: revision }).catch(() => undefined);
    } else {
      const entry = codec.encode({ state: failed ? 'partial' : 'done', owner: this.owner, at: Date.now(), done } satisfies Claim<T>);
      await untilAvailable(`recording effects ${k}`, () => this.rewrite(k, entry, revision), () => undefined, 1_000, this.leaseMs * 0.8);
    }
    const byId = new Map([...outcomes, ...settled].map((o) => [o.id, o]));
    return effects.map((e) => byId.get(e.id) as BatchOutcome<T>);
  }

  /** The result a finished effect recorded under `key`; undefined while it is claimed or never ran. */
  async recorded<T>(key: string): Promise<T | undefined> {
    const entry = await this.kv.get(kvKey(key));
    if (!entry || entry.operation !== 'PUT') return undefined;
    const claim = codec.decode<Claim<T>>(entry.value);
    return claim.state === 'done' ? claim.result : undefined;
  }

  /**
   * Renews the claim (`claim()` says what it holds now) every third of the lease; `write()` renews
   * it at once, `end()` stops and gives the latest revision. Writes go one after another.
   */
  private lease<T>(k: string, revision: number, claim: () => Claim<T>): { write(): Promise<void>; end(): Promise<number> } {
    let latest = revision;
    let pending: Promise<void> = Promise.resolve();
    const write = () => {
      pending = pending.then(async () => {
        // A failed renewal (NATS away for a moment) is retried at the next tick; the lease covers it.
        latest = await this.rewrite(k, codec.encode(claim()), latest).catch(() => latest);
      });
      return pending;
    };
    const timer = setInterval(write, Math.max(50, this.leaseMs / 3));
    return {
      write,
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

  /**
   * A batch's claim: ours (with its revision), carrying what an earlier holder recorded as done;
   * or, when every effect asked for is already done, no revision and nothing to do.
   */
  private async claimBatch<T>(k: string, ids: readonly string[]): Promise<{ revision?: number; done: Record<string, T> }> {
    const mine = (done: Record<string, T>) => codec.encode({ state: 'claimed', owner: this.owner, at: Date.now(), done } satisfies Claim<T>);
    try {
      return { revision: await this.kv.create(k, mine({})), done: {} };
    } catch {
      const entry = await this.kv.get(k);
      if (!entry || entry.operation !== 'PUT') return { revision: await this.kv.update(k, mine({}), entry?.revision ?? 0), done: {} };
      const existing = codec.decode<Claim<T>>(entry.value);
      const done = existing.done ?? {};
      if (ids.every((id) => Object.hasOwn(done, id))) return { done };
      const leaseLeft = this.leaseMs - (Date.now() - existing.at);
      if (existing.state === 'claimed' && leaseLeft > 0) {
        throw new TransientError(`effects ${k} are in progress (claimed by ${existing.owner})`, { retryAfterMs: Math.max(500, leaseLeft + 250) });
      }
      return { revision: await this.kv.update(k, mine(done), entry.revision), done };
    }
  }

  /** The revision of our new claim, or the finished claim of an earlier run. */
  private async claim<T>(k: string, recorded?: () => Promise<T | undefined>): Promise<number | Claim<T>> {
    const mine = codec.encode({ state: 'claimed', owner: this.owner, at: Date.now() } satisfies Claim<T>);
    try {
      return await this.kv.create(k, mine);
    } catch {
      const entry = await this.kv.get(k);
      if (!entry || entry.operation !== 'PUT') return this.kv.update(k, mine, entry?.revision ?? 0);
      const existing = codec.decode<Claim<T>>(entry.value);
      if (existing.state === 'done') return existing;
      // Recorded elsewhere (onceRecorded): the holder finished and wrote its record, whatever its lease says.
      const elsewhere = recorded && (await recorded());
      if (elsewhere !== undefined) return { ...existing, state: 'recorded', result: elsewhere };
      const leaseLeft = this.leaseMs - (Date.now() - existing.at);
      if (leaseLeft > 0) {
        // Come back when the lease would have run out, not sooner: each try spends a delivery.
        throw new TransientError(`effect ${k} is in progress (claimed by ${existing.owner})`, { retryAfterMs: Math.max(500, leaseLeft + 250) });
      }
      return this.kv.update(k, mine, entry.revision);
    }
  }
}
