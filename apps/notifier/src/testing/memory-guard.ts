import type { BatchEffect, BatchOutcome } from '@jetway/messaging';
import type { EffectGuard } from '../use-cases';

/** The effect ledger's semantics in memory: done keys (and a batch's done effects) replay, failed effects stay to be run again. */
export class MemoryGuard implements EffectGuard {
  readonly done = new Map<string, unknown>();

  async once<T>(key: string, effect: () => Promise<T>) {
    if (this.done.has(key)) return { result: this.done.get(key) as T, replayed: true };
    const result = await effect();
    this.done.set(key, result);
    return { result, replayed: false };
  }

  async onceEach<T>(key: string, effects: readonly BatchEffect<T>[]): Promise<BatchOutcome<T>[]> {
    const done = (this.done.get(key) as Map<string, T> | undefined) ?? new Map<string, T>();
    this.done.set(key, done);
    return Promise.all(
      effects.map(async ({ id, effect }): Promise<BatchOutcome<T>> => {
        if (done.has(id)) return { id, status: 'fulfilled', result: done.get(id) as T, replayed: true };
        try {
          const result = await effect();
          done.set(id, result);
          return { id, status: 'fulfilled', result, replayed: false };
        } catch (reason) {
          return { id, status: 'rejected', reason };
        }
      }),
    );
  }
}
