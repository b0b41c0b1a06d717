import { isRetryable, JetwayError, TransientError } from './errors';

/** What to do with a delivered message once its handler has run (or failed). */
export type Settlement =
  | { action: 'ack' }
  | { action: 'nak'; delayMs: number }
  | { action: 'dead-letter'; reason: string };

/** Delays before the 2nd, 3rd, … delivery; the last entry repeats. */
export const DEFAULT_BACKOFF_MS = [500, 2_000, 5_000, 15_000, 30_000];

/**
 * The settle rules: success → ack; a permanent error → dead-letter now; a transient error →
 * nak with backoff, unless this was the last allowed delivery → dead-letter with the cause.
 */
export function settle(
  outcome: { ok: true } | { ok: false; error: unknown },
  delivery: { count: number; maxDeliver: number },
  backoffMs: readonly number[] = DEFAULT_BACKOFF_MS,
): Settlement {
  if (outcome.ok) return { action: 'ack' };
  const message = describeError(outcome.error);
  if (!isRetryable(outcome.error)) return { action: 'dead-letter', reason: `permanent error: ${message}` };
  if (delivery.count >= delivery.maxDeliver) {
    return { action: 'dead-letter', reason: `gave up after ${delivery.count} deliveries: ${message}` };
  }
  const asked = outcome.error instanceof TransientError ? outcome.error.retryAfterMs : undefined;
  const planned = backoffMs[Math.min(delivery.count - 1, backoffMs.length - 1)] ?? 1_000;
  return { action: 'nak', delayMs: asked ?? planned };
}

/**
 * An error as a person reads it in a step reason or a log: our own errors and plain `Error`s by
 * their message (their class says retryable or not, which the settle rules already acted on);
 * anything else (a `TypeError`: a bug) with its class name, which is then worth knowing.
 */
export function describeError(error: unknown): string {
  if (error instanceof JetwayError || (error instanceof Error && error.name === 'Error')) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
