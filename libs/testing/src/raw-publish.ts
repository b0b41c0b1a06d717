import { Socket } from 'node:net';
import { createInbox, type NatsConnection } from 'nats';

/**
 * Publishes with the raw protocol (HPUB) over a plain socket to the server on `port`, which lets
 * a test send a header block nats.js would refuse to build. JetStream's ack comes back to an
 * inbox of `nc`; resolves the stream sequence it names.
 */
export async function rawPublish(nc: NatsConnection, port: number, subject: string, headerBlock: string, body: string | Uint8Array): Promise<number> {
  const inbox = createInbox();
  const ack = nc.subscribe(inbox, { max: 1 });
  await nc.flush();
  const socket = new Socket();
  await new Promise<void>((resolve, reject) => socket.once('error', reject).connect(port, '127.0.0.1', resolve));
  const head = Buffer.from(headerBlock);
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  socket.write('CONNECT {"verbose":false,"headers":true,"protocol":1}\r\n');
  socket.write(Buffer.concat([Buffer.from(`HPUB ${subject} ${inbox} ${head.length} ${head.length + payload.byteLength}\r\n`), head, payload, Buffer.from('\r\n')]));
  try {
    for await (const msg of ack) return msg.json<{ seq: number }>().seq;
    throw new Error(`no JetStream ack for the raw publish to ${subject}`);
  } finally {
    socket.destroy();
  }
}
