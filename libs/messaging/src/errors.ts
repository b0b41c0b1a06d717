/**
 * Failure semantics a handler states by what it throws; the transport maps them onto JetStream:
 * - `TransientError`: try again later — nak with backoff (or `retryAfterMs`), dead-letter after
 *   the last attempt. Anything that is not a `PermanentError` is treated as transient.
 * - `PermanentError`: retrying cannot help (bad input, a refused policy) — dead-letter now, term.
 */
export abstract class JetwayError extends Error {
  abstract readonly retryable: boolean;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class TransientError extends JetwayError {
  readonly retryable = true;
  /** A delay the remote side asked for (e.g. HTTP Retry-After), overriding the backoff. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options?: { cause?: unknown; retryAfterMs?: number }) {
    super(message, options);
    this.retryAfterMs = options?.retryAfterMs;
  }
}

export class PermanentError extends JetwayError {
  readonly retryable = false;
}

export function isRetryable(error: unknown): boolean {
  return !(error instanceof PermanentError);
}

/**
 * "Not due yet": the message is fine but must wait (a deadline alarm before its time). Naks
 * with the given delay without being logged as a failure.
 */
export class NotYetError extends TransientError {
  constructor(delayMs: number) {
    super(`not due for ${delayMs} ms`, { retryAfterMs: delayMs });
  }
}
