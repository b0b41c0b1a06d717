import { Empty, headers as natsHeaders, type JetStreamClient, type JsMsg, type MsgHdrs } from 'nats';
import { DLQ_HEADERS, DLQ_PREFIX } from '@jetway/contracts';

const MAX_REASON_CHARS = 2000;

/**
 * Set on a dead letter that is not a whole copy of the original, saying what was left out and
 * why (malformed original headers; a copy that would exceed the server's max_payload). The
 * original stays in JETWAY_EVENTS at `jetway-dlq-stream-seq`.
 */
export const DLQ_DROPPED_HEADER = 'jetway-dlq-dropped';

export interface DeadLetterDetails {
  reason: string;
  service: string;
  consumer: string;
}

/**
 * Copies a message to `jetway-dlq.<subject>` with its body, its headers and why it was given
 * up on. The id is stable per (stream sequence, consumer), so a retried dead-lettering does not
 * make two copies. A message that cannot be copied whole (unreadable headers, too big once the
 * reason is added) is still parked, without the part that does not fit, so it is never lost.
 */
export async function deadLetter(js: JetStreamClient, msg: JsMsg, details: DeadLetterDetails): Promise<void> {
  const original = readHeaders(msg);
  const unreadable = original.problem ? [`original headers (malformed: ${original.problem})`] : [];
  const bytes = msg.data.byteLength;
  const tooBig = `the copy would exceed the server's max_payload`;
  const variants = [
    { body: msg.data, headers: original.headers, dropped: unreadable },
    { body: Empty, headers: original.headers, dropped: [...unreadable, `body (${bytes} bytes): ${tooBig}`] },
    { body: Empty, headers: undefined, dropped: [`body (${bytes} bytes) and original headers: ${tooBig}`] },
  ];
  for (const [index, variant] of variants.entries()) {
    try {
      await js.publish(`${DLQ_PREFIX}.${msg.subject}`, variant.body, {
        msgID: `dlq.${details.consumer}.${msg.seq}`,
        headers: dlqHeaders(msg, details, variant.headers, variant.dropped),
      });
      return;
    } catch (error) {
      if (!isTooLarge(error) || index === variants.length - 1) throw error;
    }
  }
}

function dlqHeaders(msg: JsMsg, details: DeadLetterDetails, original: MsgHdrs | undefined, dropped: string[]): MsgHdrs {
  const h = natsHeaders();
  for (const [key, values] of original ?? []) {
    for (const value of values) if (!key.toLowerCase().startsWith('nats-')) h.append(key, value);
  }
  h.set(DLQ_HEADERS.reason, oneLine(details.reason).slice(0, MAX_REASON_CHARS));
  h.set(DLQ_HEADERS.service, details.service);
  h.set(DLQ_HEADERS.consumer, details.consumer);
  h.set(DLQ_HEADERS.deliveries, String(msg.info.deliveryCount));
  h.set(DLQ_HEADERS.streamSeq, String(msg.seq));
  h.set(DLQ_HEADERS.originalSubject, msg.subject);
  if (dropped.length) h.set(DLQ_DROPPED_HEADER, oneLine(dropped.join('; ')).slice(0, MAX_REASON_CHARS));
  return h;
}

/** nats.js parses the header block on first access and throws on a malformed line. */
function readHeaders(msg: JsMsg): { headers?: MsgHdrs; problem?: string } {
  try {
    return { headers: msg.headers };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

function isTooLarge(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'MAX_PAYLOAD_EXCEEDED' || /max(imum)?[ _]payload|message size exceeds/i.test(String(message));
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
