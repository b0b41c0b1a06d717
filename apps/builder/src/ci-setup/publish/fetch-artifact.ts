import { artifactObjectName } from '@jetway/contracts';
import { PermanentError } from '@jetway/messaging';
import { sha256File } from '../../drivers/command';

/** The part of the Object Store the CI setup steps read (`ArtifactObjects` in the service). */
export interface ArtifactReader {
  /** Writes the object's bytes to `filePath`; rejects with `TransientError` when the store cannot answer. */
  getToFile(name: string, filePath: string): Promise<void>;
}

/**
 * Fetches the artifact `digest` to `filePath` and checks its bytes against the digest: the name is
 * a content address, so other bytes under it can never become right by retrying.
 */
export async function fetchArtifact(objects: ArtifactReader, digest: string, filePath: string): Promise<void> {
  await objects.getToFile(artifactObjectName(digest), filePath);
  const actual = await sha256File(filePath);
  if (actual !== digest) throw new PermanentError(`artifact ${digest} reads back as ${actual}; the stored object is not what was announced`);
}
