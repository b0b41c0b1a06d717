import type { PutOnce } from '@jetway/messaging';

export { artifactObjectName } from '@jetway/contracts';

/**
 * Where the builder keeps what it produces (the JetStream Object Store `artifacts` in production).
 * Names are flat strings without ':'; artifact names are content addresses, so an existing name
 * means identical bytes.
 */
export interface ArtifactStore {
  /**
   * Stores the bytes of the file at `filePath` under `name`, replacing an object of that name.
   * Resolves once the object is durable. Rejects with `TransientError` when the store cannot be
   * reached (the step is retried) and `PermanentError` when it refuses the object (e.g. too large).
   */
  put(name: string, filePath: string): Promise<void>;
  /**
   * Stores the file under a content address (an existing object of that name holds these bytes):
   * nothing is written when it is there already, and no read comes first for a small one.
   * Resolves whether it was stored or found; rejects as `put` does.
   */
  putOnce(name: string, filePath: string): Promise<PutOnce>;
}
