import { artifactObjectName } from '@jetway/contracts';
import type { ArtifactObjects } from '@jetway/messaging';
import type { InfraBundleStore } from './infra-bundle';

/** Infra bundles in the artifact Object Store, named by digest like every artifact. */
export class ObjectInfraBundleStore implements InfraBundleStore {
  constructor(private readonly objects: ArtifactObjects) {}

  async put(digest: string, bytes: Buffer): Promise<void> {
    // Content-addressed: an object of that name holds these bytes already, and is not written again.
    await this.objects.putOnce(artifactObjectName(digest), bytes);
  }
}
