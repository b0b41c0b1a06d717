import { PermanentError, TransientError } from '@jetway/messaging';

/** The contract's cap on a step's reason (`stepFinished`: 4,000 characters). */
export const REASON_MAX = 4000;

/** Keeps a reason within the contract: its start and its end (a tool's stderr ends with the point). */
export function clamp(reason: string, max = REASON_MAX): string {
  if (reason.length <= max) return reason;
  const half = Math.floor((max - 20) / 2);
  return `${reason.slice(0, half)}\n… (cut) …\n${reason.slice(reason.length - half)}`;
}

/**
 * Runs a step's work and turns what it throws into the step's terms: a PermanentError (a refusal,
 * a lock held, a plan that does not parse) becomes a `failed` result with the error's message;
 * anything else is rethrown as retryable, its message clamped so the `errored` result of the last
 * delivery still fits the contract.
 */
export async function stepOutcome<R extends { outcome: string }>(work: () => Promise<R>): Promise<R | { outcome: 'failed'; reason: string }> {
  try {
    return await work();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The messaging drivers' own errors say `retryable = false` without being PermanentErrors.
    if (error instanceof PermanentError || (error as { retryable?: unknown } | undefined)?.retryable === false) return { outcome: 'failed', reason: clamp(message) };
    throw new TransientError(clamp(message), { cause: error, ...(error instanceof TransientError && error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) });
  }
}
