import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { JetStreamManager, KV, ObjectInfo, ObjectStore } from 'nats';
import { OBJECT_STORES, SMALL_OBJECT_BYTES } from '@jetway/contracts';
import { kvKey } from './kv-store';
import { PermanentError, TransientError } from './errors';
import { classifyJsError } from './js-errors';
import type { Mesh } from './mesh';
import { readChunks } from './object-chunks';

/** What a content-addressed put did: wrote the object, or found it there (see ArtifactObjects.putOnce). */
export type PutOnce = 'stored' | 'present';

/**
 * Files in the JetStream Object Store `jetway-artifacts` (artifacts, build logs, SARIF
 * reports), streamed in chunks. An object of up to SMALL_OBJECT_BYTES — most step logs and
 * reports — is one write to the `jetway-small-objects` bucket instead (the object store writes a
 * chunk and a meta message for it); reads look there first. Reading an object that is not there is a `TransientError`:
 * callers only read what an event said was stored, and on a cluster a read during a leader
 * change has answered "not found" for an object stored minutes before (seen in the chaos
 * suite); retries settle it, and the last delivery still ends the step with this reason.
 */
export class ArtifactObjects {
  /**
   * @param timeoutMs how long one put or get may take. nats.js reads an object through an ordered
   * consumer that can wait forever when the stream's leader moves mid-read (seen in the chaos
   * suite: scans hung while their heartbeats kept the trigger from being redelivered); past this
   * the call fails as transient and the message is tried again.
   */
  constructor(
    private readonly store: ObjectStore,
    /** Where reads go: the stream manager and the store's bucket name (see readChunks). */
    private readonly reads: { jsm: JetStreamManager; bucket: string },
    /** The `smallObjects` bucket. */
    private readonly small: KV,
    private readonly timeoutMs = 60_000,
    private readonly smallBytes = SMALL_OBJECT_BYTES,
  ) {}

  /** The mesh's artifact store: its object store and small-objects bucket. */
  static of(mesh: Pick<Mesh, 'artifacts' | 'jsm' | 'kv'>, timeoutMs?: number): ArtifactObjects {
    return new ArtifactObjects(mesh.artifacts, { jsm: mesh.jsm, bucket: OBJECT_STORES.artifacts.name }, mesh.kv('smallObjects'), timeoutMs);
  }

  async putFile(name: string, filePath: string): Promise<void> {
    if ((await stat(filePath)).size <= this.smallBytes) return this.putBytes(name, await readFile(filePath));
    await this.putLargeFile(name, filePath);
  }

  async putBytes(name: string, bytes: Uint8Array): Promise<void> {
    if (bytes.length <= this.smallBytes) {
      await this.guard(name, () => this.small.put(kvKey(name), bytes));
      return;
    }
    await this.guard(name, async () => {
      await this.dropSmall(name);
      await this.store.putBlob({ name }, bytes);
    });
  }

  /**
   * Stores `bytes` under a content address (`name` names these exact bytes, as
   * artifactObjectName does): nothing is written when the object is there already. A small one is
   * one conditional create, without a read first (the bucket refuses it when the name exists); a
   * large one is looked up, then stored in chunks. Resolves whether it was stored or found.
   */
  async putOnce(name: string, bytes: Uint8Array): Promise<PutOnce> {
    if (bytes.length > this.smallBytes) return this.putLargeOnce(name, () => this.putBytes(name, bytes));
    return this.guard(name, async () => {
      try {
        await this.small.create(kvKey(name), bytes);
        return 'stored';
      } catch (error) {
        if (classifyJsError(error) === 'conflict') return 'present';
        throw error;
      }
    });
  }

  /** {@link putOnce} of the file at `filePath` (a large one is streamed, never read whole). */
  async putFileOnce(name: string, filePath: string): Promise<PutOnce> {
    if ((await stat(filePath)).size <= this.smallBytes) return this.putOnce(name, await readFile(filePath));
    return this.putLargeOnce(name, () => this.putLargeFile(name, filePath));
  }

  /** A file over the small limit, streamed into the object store in chunks. */
  private async putLargeFile(name: string, filePath: string): Promise<void> {
    const body = Readable.toWeb(createReadStream(filePath)) as unknown as ReadableStream<Uint8Array>;
    await this.guard(name, async () => {
      await this.dropSmall(name);
      await this.store.put({ name }, body);
    });
  }

  private async putLargeOnce(name: string, put: () => Promise<void>): Promise<PutOnce> {
    const info = await this.guard(name, () => this.store.info(name));
    if (info && !info.deleted) return 'present';
    await put();
    return 'stored';
  }

  async has(name: string): Promise<boolean> {
    return this.guard(name, async () => {
      if (await this.smallOf(name)) return true;
      const info = await this.store.info(name);
      return info !== null && !info.deleted;
    });
  }

  async getBytes(name: string): Promise<Buffer> {
    return this.guard(name, async () => {
      const small = await this.smallOf(name);
      if (small) return small;
      const parts: Uint8Array[] = [];
      for await (const chunk of readChunks(this.reads.jsm, this.reads.bucket, await this.infoOf(name))) parts.push(chunk);
      return Buffer.concat(parts);
    });
  }

  async getToFile(name: string, filePath: string): Promise<void> {
    await this.guard(name, async () => {
      const small = await this.smallOf(name);
      if (small) return writeFile(filePath, small);
      const chunks = readChunks(this.reads.jsm, this.reads.bucket, await this.infoOf(name));
      await pipeline(Readable.from(chunks), createWriteStream(filePath) as Writable);
    });
  }

  private async smallOf(name: string): Promise<Buffer | undefined> {
    const entry = await this.small.get(kvKey(name));
    return entry?.operation === 'PUT' ? Buffer.from(entry.value) : undefined;
  }

  /** A name written small before and large now: the small copy would shadow the new one. A read decides, so the usual case writes nothing. */
  private async dropSmall(name: string): Promise<void> {
    if (await this.smallOf(name)) await this.small.delete(kvKey(name));
  }

  private async infoOf(name: string): Promise<ObjectInfo> {
    const info = await this.store.info(name);
    if (!info || info.deleted) throw missing(name);
    return info;
  }

  private async guard<T>(name: string, call: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TransientError(`artifact store (${name}): no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      return await Promise.race([call(), timeout]);
    } catch (error) {
      if (error instanceof TransientError) throw error;
      if (error instanceof PermanentError) throw error;
      throw new TransientError(`artifact store (${name}): ${(error as Error).message}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}

function missing(name: string): TransientError {
  return new TransientError(`object ${name} is not in the artifact store (yet: retrying; it was announced as stored)`);
}
