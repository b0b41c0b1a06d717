import { PermanentError, TransientError, type BatchEffect, type BatchOutcome } from '@jetway/messaging';

/**
 * The effect ledger as the notifier uses it. `once`: one effect per key, a key already done is
 * replayed, a failed effect releases it. `onceEach`: an event's several sends under one key,
 * each done at most once, a failed one left for the retry (EffectLedger.onceEach).
 */
export interface EffectGuard {
  once<T>(key: string, effect: () => Promise<T>): Promise<{ result: T; replayed: boolean }>;
  onceEach<T>(key: string, effects: readonly BatchEffect<T>[]): Promise<BatchOutcome<T>[]>;
}

/** One channel's notice of one event, named by its idempotency key. */
export interface Send {
  readonly key: string;
  readonly send: () => Promise<unknown>;
}

export interface Delivery {
  readonly sent: number;
  /** Already sent for an earlier delivery of the same event: skipped. */
  readonly replayed: number;
}

/**
 * Sends an event's notices, each at most once, under one claim (`eventKey`): two ledger writes
 * per event whatever the number of channels. Channels are independent: one slow or failing
 * channel neither delays nor repeats the others; when any failed, the error says which and a
 * retry re-sends only those (`what` names the notices in it: "notifications", "drift notices").
 */
export async function deliverEach(guard: EffectGuard, eventKey: string, sends: readonly Send[], what: string): Promise<Delivery> {
  if (sends.length === 0) return { sent: 0, replayed: 0 };
  const outcomes = await guard.onceEach(eventKey, sends.map(({ key, send }) => ({ id: key, effect: () => send().then(() => true) })));
  const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
  if (failures.length > 0) throw failureOf(failures, sends.length, what);
  const replayed = outcomes.filter((o) => o.status === 'fulfilled' && o.replayed).length;
  return { sent: sends.length - replayed, replayed };
}

/** Retryable if any failure is; the longest Retry-After asked for wins. */
function failureOf(failures: unknown[], total: number, what: string): Error {
  const message = `${failures.length} of ${total} ${what} failed: ${failures.map((f) => (f instanceof Error ? f.message : String(f))).join('; ')}`;
  const transient = failures.filter((f) => !(f instanceof PermanentError));
  if (transient.length === 0) return new PermanentError(message, { cause: failures[0] });
  const waits = transient.flatMap((f) => (f instanceof TransientError && f.retryAfterMs !== undefined ? [f.retryAfterMs] : []));
  return new TransientError(message, { cause: transient[0], retryAfterMs: waits.length > 0 ? Math.max(...waits) : undefined });
}
