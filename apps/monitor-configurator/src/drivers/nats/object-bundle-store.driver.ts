import { artifactObjectName } from '@jetway/contracts';
import type { ArtifactObjects } from '@jetway/messaging';
import type { BundleStore } from '../../setup/setup.ports';

/** Bundles in the JetStream Object Store `jetway-artifacts`, named by digest like every artifact. */
export class ObjectBundleStore implements BundleStore {
  constructor(private readonly objects: ArtifactObjects) {}

  async put(digest: string, bytes: Buffer): Promise<void> {
    // Content-addressed: an object of that name holds these bytes already, and is not written again.
    await this.objects.putOnce(artifactObjectName(digest), bytes);
  }

  get(digest: string): Promise<Buffer> {
    return this.objects.getBytes(artifactObjectName(digest));
  }
}
