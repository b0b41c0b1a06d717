import { Environment, Release, releaseKey } from '@jetway/contracts';
import { KvStore, type Mesh } from '@jetway/messaging';
import type { ReleaseListing, ReleaseStore } from '../../use-cases';

/** What runs per (application, environment), in the `jetway-releases` bucket. */
export class KvReleaseStore implements ReleaseStore {
  private readonly store: KvStore<typeof Release>;
  constructor(mesh: Mesh) {
    this.store = new KvStore(mesh.kv('releases'), Release);
  }
  async get(application: string, environment: Environment) {
    return (await this.store.get(releaseKey(application, environment)))?.value;
  }
  async put(release: Release) {
    await this.store.put(releaseKey(release.application, release.environment), release);
  }
  async list(): Promise<ReleaseListing> {
    const releases: Release[] = [];
    const unreadable: string[] = [];
    // `<app>.<env>` only: the bucket also holds the write probe's `health.deployer`.
    for (const key of (await this.store.keys()).filter(isReleaseKey)) {
      try {
        const entry = await this.store.get(key);
        if (entry) releases.push(entry.value);
      } catch (error) {
        unreadable.push(`${key}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return { releases, unreadable };
  }
}

function isReleaseKey(key: string): boolean {
  const [application, environment, ...rest] = key.split('.');
  return rest.length === 0 && Boolean(application) && Environment.safeParse(environment).success;
}
