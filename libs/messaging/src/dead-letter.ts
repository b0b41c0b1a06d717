import { headers as natsHeaders, type JetStreamClient, type JsMsg } from 'nats';
import { DLQ_HEADERS, DLQ_PREFIX } from '@jetway/contracts';

const MAX_REASON_CHARS = 2000;

/**
 * Copies a message to `jetway-dlq.<subject>` with its body, its headers and why it was given
 * up on. The id is stable per (stream sequence, consumer), so a retried dead-lettering does not
 * make two copies.
 */
export async function deadLetter(
  js: JetStreamClient,
  msg: JsMsg,
  details: { reason: string; service: string; consumer: string },
): Promise<void> {
  const h = natsHeaders();
  for (const [key, values] of msg.headers ?? []) {
    for (const value of values) if (!key.toLowerCase().startsWith('nats-')) h.append(key, value);
  }
  h.set(DLQ_HEADERS.reason, details.reason.replace(/[\r\n]+/g, ' ').slice(0, MAX_REASON_CHARS));
  h.set(DLQ_HEADERS.service, details.service);
  h.set(DLQ_HEADERS.consumer, details.consumer);
  h.set(DLQ_HEADERS.deliveries, String(msg.info.deliveryCount));
  h.set(DLQ_HEADERS.streamSeq, String(msg.seq));
  h.set(DLQ_HEADERS.originalSubject, msg.subject);
  await js.publish(`${DLQ_PREFIX}.${msg.subject}`, msg.data, {
    msgID: `dlq.${details.consumer}.${msg.seq}`,
    headers: h,
  });
}
