import { artifactObjectName } from '@jetway/contracts';
import type { ArtifactObjects } from '@jetway/messaging';
import type { InfraBundleStore } from './infra-bundle';

/** Infra bundles in the artifact Object Store, named by digest like every artifact. */
export class ObjectInfraBundleStore implements InfraBundleStore {
  constructor(private readonly objects: ArtifactObjects) {}

  async put(digest: string, bytes: Buffer): Promise<void> {
    const name = artifactObjectName(digest);
    // Content-addressed: an object of that name holds these bytes already.
    if (await this.objects.has(name)) return;
    await this.objects.putBytes(name, bytes);
  }
}
