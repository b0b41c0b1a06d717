import { createHash } from 'node:crypto';
import type { JetStreamManager, MsgRequest, ObjectInfo } from 'nats';
import { TransientError } from './errors';

/**
 * Reads an object's chunks with plain "next message on this subject" gets, answered by the
 * stream leader, one bounded request each — instead of nats.js's ordered consumer, which can
 * wait forever when the stream's leader moves mid-read (seen on a 3-node cluster under the
 * chaos suite). Checks size and SHA-256 against the object's info before handing bytes out.
 */
export async function* readChunks(jsm: JetStreamManager, bucket: string, info: ObjectInfo): AsyncGenerator<Uint8Array> {
  const stream = `OBJ_${bucket}`;
  const subject = `$O.${bucket}.C.${info.nuid}`;
  const sha = createHash('sha256');
  let seq = 0;
  let size = 0;
  for (let n = 0; n < info.chunks; n += 1) {
    // nats-server ≥ 2.9 answers next_by_subj on STREAM.MSG.GET; nats.js only types seq/last_by_subj.
    const message = await jsm.streams.getMessage(stream, { seq: seq + 1, next_by_subj: subject } as unknown as MsgRequest);
    seq = message.seq;
    size += message.data.length;
    sha.update(message.data);
    yield message.data;
  }
  const digest = `SHA-256=${sha.digest('base64url')}`;
  if (size !== info.size || digest.replace(/=+$/, '') !== info.digest.replace(/=+$/, '')) {
    throw new TransientError(`object ${info.name} read back ${size} bytes with ${digest}, expected ${info.size} bytes with ${info.digest}`);
  }
}
