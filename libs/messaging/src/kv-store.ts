import { createHash } from 'node:crypto';
import type { KV } from 'nats';
import type { z } from 'zod';
import { describeIssues } from '@jetway/contracts';
import { TransientError } from './errors';
import { classifyJsError } from './js-errors';

/** KV keys allow `[-/_=.a-zA-Z0-9]`; anything else (or a long key) is hashed. */
export function kvKey(key: string): string {
  return /^[-_=.a-zA-Z0-9]{1,200}$/.test(key) ? key : `h.${createHash('sha256').update(key).digest('hex')}`;
}

export interface Versioned<T> {
  value: T;
  revision: number;
}

/** A compare-and-set update lost: `key` changed since `revision` was read. Re-read and apply again. */
export class StaleRevisionError extends TransientError {
  constructor(key: string, revision: number, cause: unknown) {
    super(`${key} changed concurrently (revision ${revision} is stale)`, { cause, retryAfterMs: 50 });
  }
}

/**
 * JSON values in a KV bucket, validated with a schema on the way in and out. `update` is
 * compare-and-set on the revision: a concurrent writer makes it fail with a retryable error, so
 * the message is redelivered and the handler re-reads the new state. `toJson` writes a value as
 * `JSON.stringify(schema.parse(value))` does, more cheaply (memoizedPartsEncoder); without it,
 * that is what is written.
 */
export class KvStore<S extends z.ZodType> {
  constructor(
    private readonly kv: KV,
    private readonly schema: S,
    private readonly toJson: (value: z.output<S>) => string = (value) => JSON.stringify(schema.parse(value)),
  ) {}

  async get(key: string): Promise<Versioned<z.output<S>> | undefined> {
    const entry = await this.kv.get(key);
    if (!entry || entry.operation !== 'PUT') return undefined;
    const parsed = this.schema.safeParse(entry.json());
    if (!parsed.success) throw new Error(`KV entry ${key} is malformed: ${describeIssues(parsed.error)}`);
    return { value: parsed.data, revision: entry.revision };
  }

  /** Creates the key; false when it already exists. */
  async create(key: string, value: z.output<S>): Promise<number | false> {
    try {
      return await this.kv.create(key, this.encode(value));
    } catch (error) {
      if (classifyJsError(error) === 'conflict') return false;
      throw error;
    }
  }

  async update(key: string, value: z.output<S>, revision: number): Promise<number> {
    try {
      return await this.kv.update(key, this.encode(value), revision);
    } catch (error) {
      if (classifyJsError(error) === 'conflict') throw new StaleRevisionError(key, revision, error);
      throw error;
    }
  }

  async put(key: string, value: z.output<S>): Promise<number> {
    return this.kv.put(key, this.encode(value));
  }

  /** Deletes the key (a delete marker: `get` then answers undefined). */
  async delete(key: string): Promise<void> {
    await this.kv.delete(key);
  }

  async keys(filter = '>'): Promise<string[]> {
    const out: string[] = [];
    for await (const key of await this.kv.keys(filter)) out.push(key);
    return out;
  }

  private encode(value: z.output<S>): Uint8Array {
    return new TextEncoder().encode(this.toJson(value));
  }
}
