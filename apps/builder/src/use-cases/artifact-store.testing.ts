import { readFileSync } from 'node:fs';
import type { PutOnce } from '@jetway/messaging';
import type { ArtifactStore } from './artifact-store.port';

/** Stands in for the Object Store adapter (ArtifactObjects, tested on its own against a real nats-server). */
export class MemoryArtifactStore implements ArtifactStore {
  readonly objects = new Map<string, Buffer>();
  /** The names written, in order: a putOnce that found its name there writes nothing. */
  readonly puts: string[] = [];

  async put(name: string, filePath: string): Promise<void> {
    this.puts.push(name);
    this.objects.set(name, readFileSync(filePath));
  }

  async putOnce(name: string, filePath: string): Promise<PutOnce> {
    if (this.objects.has(name)) return 'present';
    await this.put(name, filePath);
    return 'stored';
  }
}
