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

/** Header values longer than this are refused on receipt (and not carried over on a replay). */
export const MAX_HEADER_CHARS = 1024;

/** What an event's envelope says besides its type (which its subject fixes). */
export interface EnvelopeFields {
  readonly id: string;
  /** The publishing component, without the `jetway/` prefix (`planner`, `cli` …). */
  readonly source: string;
  readonly time: string;
  /** `ce-subject`: the run id (a request: its own id). */
  readonly subject: string;
}

/**
 * The CloudEvents 1.0 binary-mode headers of an event on `subject`, in order: the one place that
 * writes them (the publisher, a DLQ replay). Trace headers are the caller's (W3C propagation).
 */
export function envelopeHeaders(subject: EventSubject, fields: EnvelopeFields): [string, string][] {
  return [
    [CE.id, fields.id],
    [CE.type, ceTypeOf(subject)],
    [CE.source, fields.source.startsWith('jetway/') ? fields.source : `jetway/${fields.source}`],
    [CE.specversion, '1.0'],
    [CE.time, fields.time],
    [CE.subject, fields.subject],
    [CE.datacontenttype, 'application/json'],
  ];
}

/**
 * Reads and checks the envelope of a message on `subject`: the one place that reads it. Returns
 * the envelope, or the reason it cannot be used (for the dead letter).
 */
export function readEnvelope(subject: EventSubject, get: ((name: string) => string | undefined) | undefined): Envelope | string {
  if (!get) return 'missing CloudEvents headers (ce-id, ce-type, ce-source, ce-specversion, ce-time)';
  const value = (name: string) => get(name) ?? '';
  for (const name of [CE.id, CE.type, CE.source, CE.specversion, CE.time]) {
    const v = value(name);
    if (!v) return `missing header ${name}`;
    if (v.length > MAX_HEADER_CHARS) return `header ${name} is longer than ${MAX_HEADER_CHARS} characters`;
  }
  if (value(CE.subject).length > MAX_HEADER_CHARS) return `header ${CE.subject} is longer than ${MAX_HEADER_CHARS} characters`;
  if (value(CE.specversion) !== '1.0') return `header ce-specversion must be 1.0, got ${value(CE.specversion)}`;
  if (value(CE.type) !== ceTypeOf(subject)) {
    return `header ce-type ${value(CE.type)} does not match subject ${subject} (expected ${ceTypeOf(subject)})`;
  }
  return { id: value(CE.id), type: value(CE.type), source: value(CE.source), time: value(CE.time), subject: value(CE.subject) };
}

/** The id of an approval decision: one per (run, step, approver), so a repeated `jetway approve` is dropped as a duplicate. */
export function decisionEventId(runId: string, stepId: string, approver: string): string {
  return `${runId}.${stepId}.decided.${approver}`;
}
