import { createHash } from 'node:crypto';
import type { JetStreamManager, MsgRequest, ObjectInfo, StoredMsg } from 'nats';
import { BUCKETS } from '@jetway/contracts';
import { kvKey } from './kv-store';
import { TransientError } from './errors';
import { classifyJsError } from './js-errors';

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

/** nats.js names an object's meta subject with padded base64url (`Base64UrlPaddedCodec`). */
function metaSubject(bucket: string, name: string): string {
  return `$O.${bucket}.M.${Buffer.from(name, 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}`;
}

/**
 * An object's bytes by name with plain message gets only (the small-objects bucket's entry, or
 * the object's meta, then its chunks): what a client without stream-admin rights (the `cli` NATS
 * user) can do. Undefined when no such object.
 */
export async function readObject(jsm: JetStreamManager, bucket: string, name: string): Promise<Buffer | undefined> {
  const small = await lastOf(jsm, `KV_${BUCKETS.smallObjects.name}`, `$KV.${BUCKETS.smallObjects.name}.${kvKey(name)}`);
  if (small && !small.header?.get('KV-Operation')) return Buffer.from(small.data);
  const meta = await lastOf(jsm, `OBJ_${bucket}`, metaSubject(bucket, name));
  if (!meta) return undefined;
  const info = meta.json<ObjectInfo & { deleted?: boolean }>();
  if (info.deleted) return undefined;
  const parts: Uint8Array[] = [];
  for await (const chunk of readChunks(jsm, bucket, info)) parts.push(chunk);
  return Buffer.concat(parts);
}

/** The last message on `subject` in `stream`; undefined when there is none. */
async function lastOf(jsm: JetStreamManager, stream: string, subject: string): Promise<StoredMsg | undefined> {
  try {
    return await jsm.streams.getMessage(stream, { last_by_subj: subject });
  } catch (error) {
    if (classifyJsError(error) === 'not-found') return undefined;
    throw error;
  }
}
