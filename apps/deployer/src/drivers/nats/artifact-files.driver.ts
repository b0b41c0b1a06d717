import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { artifactObjectName } from '@jetway/contracts';
import type { ArtifactObjects } from '@jetway/messaging';

/**
 * Artifacts as local files under `<dir>`, fetched from the Object Store once per digest: staging
 * and production deploy the same digest, a restore after a restart fetches it again only when
 * the file is gone, and the runtime re-checks the sha256 before it unpacks anything.
 */
export class ArtifactFiles {
  constructor(
    private readonly objects: Pick<ArtifactObjects, 'getToFile'>,
    private readonly dir: string,
  ) {}

  async localPath(digest: string): Promise<string> {
    const path = join(this.dir, `${artifactObjectName(digest)}.tar.gz`);
    if (existsSync(path)) return path;
    await mkdir(this.dir, { recursive: true });
    // Two deploys of one digest (staging and production of different runs) may download at once.
    const partial = `${path}.${randomBytes(6).toString('hex')}.partial`;
    await this.objects.getToFile(artifactObjectName(digest), partial);
    await rename(partial, path);
    return path;
  }
}
