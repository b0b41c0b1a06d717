import { createHash } from 'node:crypto';
import type { KV } from 'nats';
import { TransientError } from './errors';

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
 * so a redelivered message gets the same result back without repeating the effect. A claim whose
 * holder died is taken over after `leaseMs` (the effect may then run again: at-least-once for a
 * crash in the middle of the effect itself, exactly-once otherwise).
 */
export class EffectLedger {
  constructor(
    private readonly kv: KV,
    private readonly owner: string,
    private readonly leaseMs = 60_000,
  ) {}

  async once<T>(key: string, effect: () => Promise<T>): Promise<{ result: T; replayed: boolean }> {
    const k = ledgerKey(key);
    const revision = await this.claim<T>(k);
    if (typeof revision !== 'number') return { result: revision.result as T, replayed: true };
    let result: T;
    try {
      result = await effect();
    } catch (error) {
      await this.kv.delete(k, { previousSeq: revision }).catch(() => undefined);
      throw error;
    }
    await this.kv.update(k, codec.encode({ state: 'done', owner: this.owner, at: Date.now(), result } satisfies Claim<T>), revision);
    return { result, replayed: false };
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
      if (Date.now() - existing.at < this.leaseMs) {
        throw new TransientError(`effect ${k} is in progress (claimed by ${existing.owner})`, { retryAfterMs: 1_000 });
      }
      return this.kv.update(k, mine, entry.revision);
    }
  }
}
