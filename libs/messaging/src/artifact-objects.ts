import { createReadStream, createWriteStream } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { ObjectStore } from 'nats';
import { PermanentError, TransientError } from './errors';

/**
 * Files in the JetStream Object Store `jetway-artifacts` (artifacts, build logs, SARIF
 * reports), streamed in chunks. A missing object is a `PermanentError` (it was never stored);
 * a store that does not answer is a `TransientError`.
 */
export class ArtifactObjects {
  constructor(private readonly store: ObjectStore) {}

  async putFile(name: string, filePath: string): Promise<void> {
    const body = Readable.toWeb(createReadStream(filePath)) as unknown as ReadableStream<Uint8Array>;
    await this.guard(name, () => this.store.put({ name }, body));
  }

  async putBytes(name: string, bytes: Uint8Array): Promise<void> {
    await this.guard(name, () => this.store.putBlob({ name }, bytes));
  }

  async has(name: string): Promise<boolean> {
    const info = await this.guard(name, () => this.store.info(name));
    return info !== null && !info.deleted;
  }

  async getBytes(name: string): Promise<Buffer> {
    const bytes = await this.guard(name, () => this.store.getBlob(name));
    if (!bytes) throw new PermanentError(`object ${name} is not in the artifact store`);
    return Buffer.from(bytes);
  }

  async getToFile(name: string, filePath: string): Promise<void> {
    const result = await this.guard(name, () => this.store.get(name));
    if (!result) throw new PermanentError(`object ${name} is not in the artifact store`);
    await pipeline(Readable.fromWeb(result.data as unknown as WebReadableStream<Uint8Array>), createWriteStream(filePath) as Writable);
    const error = await result.error;
    if (error) throw new TransientError(`reading ${name} failed: ${error.message}`, { cause: error });
  }

  private async guard<T>(name: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof PermanentError) throw error;
      throw new TransientError(`artifact store (${name}): ${(error as Error).message}`, { cause: error });
    }
  }
}
