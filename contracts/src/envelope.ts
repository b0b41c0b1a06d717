import { createHash } from 'node:crypto';
import type { EventSubject } from './registry';

/**
 * CloudEvents 1.0 in NATS binary mode: the attributes travel as `ce-*` headers, the body is the
 * event data as JSON. `ce-id` doubles as `Nats-Msg-Id`, so JetStream drops republished copies.
 */
export const CE = {
  id: 'ce-id',
  type: 'ce-type',
  source: 'ce-source',
  specversion: 'ce-specversion',
  time: 'ce-time',
  subject: 'ce-subject',
  datacontenttype: 'content-type',
} as const;

export const TRACE_HEADERS = { traceparent: 'traceparent', tracestate: 'tracestate' } as const;

/** The CloudEvents attributes of one message, read from or written to headers. */
export interface Envelope {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly time: string;
  /** The run id; for a request, its ce-id (`requestEventId`: a digest of the idempotency key). */
  readonly subject: string;
}

/** `jetway.step.build.triggered.v1` → `dev.jetway.step.build.triggered.v1`. */
export function ceTypeOf(subject: EventSubject): string {
  return `dev.${subject}`;
}

/**
 * Deterministic event id: the same (run, step, attempt, event) always yields the same id, so a
 * handler that runs twice publishes the same ids and the stream's duplicate window drops copies.
 */
export function eventId(parts: { runId: string; stepId?: string; attempt?: number; event: string }): string {
  return [parts.runId, parts.stepId ?? 'run', String(parts.attempt ?? 0), parts.event].join('.');
}

/** The id of a pipeline request: derived from its idempotency key, never random. */
export function requestEventId(idempotencyKey: string): string {
  return `req.${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}`;
}
