/**
 * JetStream API error codes Jetway acts on (nats-server's `JSErrCodes`), and the one place that
 * reads them off an error. nats.js puts the server's answer on `api_error`; classifying by code
 * survives server message rewording, which matching `error.message` did not.
 */
export const JS_ERROR = {
  /** `wrong last sequence`: a compare-and-set lost (KV create of an existing key, update at a stale revision). */
  wrongLastSequence: 10071,
  /** `stream name already in use` (with another config): a concurrent create won. */
  streamNameInUse: 10058,
  streamNotFound: 10059,
  consumerNotFound: 10014,
  /** `no message found`: a get by sequence or subject with nothing there. */
  noMessageFound: 10037,
  /** `consumer name already in use`: a concurrent create won. */
  consumerNameInUse: 10013,
} as const;

export type JsFailure = 'conflict' | 'exists' | 'not-found' | 'other';

/** The JetStream API error code of an error, if the server answered with one. */
export function jsErrorCode(error: unknown): number | undefined {
  const code = (error as { api_error?: { err_code?: unknown } } | undefined)?.api_error?.err_code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * What a failed JetStream call means for the caller: `conflict` (a compare-and-set lost: re-read
 * and try again), `exists` (someone created it first), `not-found`, or `other`. Errors without
 * an API code (timeouts, 503, a closed connection) are `other`: see isUnavailable for those.
 */
export function classifyJsError(error: unknown): JsFailure {
  switch (jsErrorCode(error)) {
    case JS_ERROR.wrongLastSequence:
      return 'conflict';
    case JS_ERROR.streamNameInUse:
    case JS_ERROR.consumerNameInUse:
      return 'exists';
    case JS_ERROR.streamNotFound:
    case JS_ERROR.consumerNotFound:
    case JS_ERROR.noMessageFound:
      return 'not-found';
    default:
      return 'other';
  }
}
