import { DeliverPolicy, type JetStreamClient, type JsMsg, type MsgHdrs } from 'nats';

/** Bytes the headers take on the wire: `NATS/1.0\r\n`, one `key: value\r\n` each, a blank line. */
export function headerBytes(headers: MsgHdrs | undefined): number {
  if (!headers) return 0;
  let bytes = 'NATS/1.0\r\n\r\n'.length;
  for (const [key, values] of headers) for (const value of values) bytes += key.length + 2 + value.length + 2;
  return bytes;
}

/**
 * Reads the stream's messages with sequences `from..to` (inclusive) through an ordered consumer
 * and hands each to `visit`, in order. For after a batch: the stream is the audit log of the run.
 */
export async function readStream(js: JetStreamClient, stream: string, from: number, to: number, visit: (msg: JsMsg) => void): Promise<void> {
  if (to < from) return;
  const consumer = await js.consumers.get(stream, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: from });
  const messages = await consumer.consume({ max_messages: 1024 });
  for await (const msg of messages) {
    visit(msg);
    if (msg.seq >= to) break;
  }
  messages.stop();
}

/** Milliseconds of the broker's store time of a stream message. */
export function storedAtMs(msg: JsMsg): number {
  return msg.info.timestampNanos / 1e6;
}
