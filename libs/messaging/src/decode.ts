import { describeIssues, events, isEventSubject, readEnvelope, unknownFields, type Envelope, type EventPayload, type EventSubject } from '@jetway/contracts';

/** Headers as read off a message: a lookup that may miss. */
export interface HeaderReader {
  get(name: string): string;
  has(name: string): boolean;
}

/**
 * A delivered message as decoding sees it. `headers` is a getter on nats.js messages that parses
 * the header block on first use and throws when a line is malformed (e.g. a space in a name).
 */
export interface DeliveredMessage {
  readonly headers?: HeaderReader | undefined;
  readonly data: Uint8Array;
}

export type Decoded<S extends EventSubject> =
  | {
      ok: true;
      envelope: Envelope;
      payload: EventPayload<S>;
      /**
       * Fields of the body the subject's contract does not know (a newer publisher's optional
       * fields, or typos), which validation dropped. Computed on demand: most handlers never ask.
       */
      ignoredFields: () => string[];
    }
  | { ok: false; reason: string };

/** Bodies above this are refused before parsing (JetStream's own limit is 1 MB by default). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Decodes a delivered message: reads its headers (a malformed header block is a reason, not an
 * exception), then `decodeEvent`. Never throws.
 */
export function decodeMessage<S extends EventSubject>(subject: S, msg: DeliveredMessage): Decoded<S> {
  let headers: HeaderReader | undefined;
  try {
    headers = msg.headers;
  } catch (error) {
    return {
      ok: false,
      reason: `malformed headers (${messageOf(error)}): each header line must be "Name: value", the name printable ASCII without spaces or ':'`,
    };
  }
  return decodeEvent(subject, headers, msg.data);
}

/**
 * Checks the CloudEvents envelope and validates the body against the subject's schema. Never
 * throws: a message that cannot be decoded yields a reason naming what is wrong, for the DLQ.
 */
export function decodeEvent<S extends EventSubject>(
  subject: S,
  headers: HeaderReader | undefined,
  body: Uint8Array,
): Decoded<S> {
  try {
    return decodeOrExplain(subject, headers, body);
  } catch (error) {
    // A header lookup or a schema check that throws is the message's fault too: park it, never crash.
    return { ok: false, reason: `cannot decode ${String(subject)}: ${messageOf(error)}` };
  }
}

function decodeOrExplain<S extends EventSubject>(subject: S, headers: HeaderReader | undefined, body: Uint8Array): Decoded<S> {
  if (!isEventSubject(subject)) return { ok: false, reason: `subject ${subject} has no contract` };
  const envelope = readEnvelope(subject, headers && ((name: string) => (headers.has(name) ? headers.get(name) : undefined)));
  if (typeof envelope === 'string') return { ok: false, reason: envelope };
  if (body.byteLength > MAX_BODY_BYTES) {
    return { ok: false, reason: `body is ${body.byteLength} bytes; the limit is ${MAX_BODY_BYTES}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (error) {
    return { ok: false, reason: `body is not UTF-8 JSON: ${messageOf(error)}` };
  }
  const parsed = events[subject].schema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `invalid ${subject}: ${describeIssues(parsed.error)}` };
  const schema = events[subject].schema;
  return { ok: true, envelope, payload: parsed.data as EventPayload<S>, ignoredFields: () => unknownFields(schema, json).map((field) => field.path) };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
