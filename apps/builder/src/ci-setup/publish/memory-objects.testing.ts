import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifactObjectName } from '@jetway/contracts';
import { TransientError } from '@jetway/messaging';
import { packOutput } from '../../drivers/command';
import { makeTempDir, writeTree } from '../../drivers/command/fixtures.testing';

/** Test helper (not a spec): stands in for the Object Store adapter, which is tested against a real nats-server. */
export class MemoryObjects {
  readonly objects = new Map<string, Buffer>();

  async getToFile(name: string, filePath: string): Promise<void> {
    const bytes = this.objects.get(name);
    if (!bytes) throw new TransientError(`object ${name} is not in the artifact store`);
    writeFileSync(filePath, bytes);
  }

  async putFile(name: string, filePath: string): Promise<void> {
    this.objects.set(name, readFileSync(filePath));
  }

  /** Packs `files` as the builder packs any tree and stores it under its digest, which it returns. */
  async putTree(files: Record<string, string>): Promise<string> {
    const { digest, bytes } = await packTree(files);
    this.objects.set(artifactObjectName(digest), bytes);
    return digest;
  }
}

/** `files` (path → content) packed as the builder packs any tree: a deterministic tar.gz and its digest. */
export async function packTree(files: Record<string, string>): Promise<{ digest: string; bytes: Buffer }> {
  const tmp = makeTempDir('tree');
  try {
    const root = join(tmp.path, 'tree');
    mkdirSync(root);
    writeTree(root, files);
    const packed = await packOutput(root, '.', join(tmp.path, 'tree.tar.gz'));
    if (!packed.ok) throw new Error(packed.reason);
    return { digest: packed.digest, bytes: readFileSync(join(tmp.path, 'tree.tar.gz')) };
  } finally {
    tmp.cleanup();
  }
}
