import { PermanentError, TransientError } from '@jetway/messaging';

/** What a remote answered, body read as text. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

const BODY_IN_MESSAGE = 500;

/**
 * POSTs once with a timeout. No answer at all (refused, reset, timed out) is a `TransientError`.
 * Messages name only the origin: webhook URLs carry secrets in their path.
 */
export async function post(
  what: string,
  url: string,
  init: { headers: Record<string, string>; body: string; timeoutMs: number },
): Promise<HttpAnswer> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: init.headers,
      body: init.body,
      signal: AbortSignal.timeout(init.timeoutMs),
    });
    return { status: res.status, headers: res.headers, body: await res.text() };
  } catch (cause) {
    // A DOMException, not always `instanceof Error` across realms: compare the name.
    const timedOut = (cause as { name?: unknown } | null)?.name === 'TimeoutError';
    const why = timedOut ? `no answer within ${init.timeoutMs} ms` : describe(cause);
    throw new TransientError(`${what} at ${new URL(url).origin} unreachable: ${why}`, { cause });
  }
}

/**
 * Maps an answer onto failure semantics: 2xx → none; 408, 429 and 5xx → `TransientError`
 * (`retryAfterMs` from `Retry-After`); any other status → `PermanentError` quoting the body.
 */
export function failureOf(what: string, answer: HttpAnswer, now: number = Date.now()): Error | undefined {
  const { status } = answer;
  if (status >= 200 && status < 300) return undefined;
  const said = `HTTP ${status}: ${answer.body.slice(0, BODY_IN_MESSAGE) || '(empty body)'}`;
  if (status === 429 || status === 408 || status >= 500) {
    const retryAfterMs = retryAfterMsOf(answer.headers.get('retry-after'), now);
    const hint = retryAfterMs === undefined ? '' : `; retry after ${retryAfterMs} ms`;
    return new TransientError(`${what} is unavailable or rate-limiting (${said})${hint}`, { retryAfterMs });
  }
  return new PermanentError(`${what} refused the request (${said})`);
}

/** `Retry-After` is either delta-seconds or an HTTP date; anything else is ignored. */
export function retryAfterMsOf(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function describe(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : '';
  return `${cause.message}${inner}`;
}
