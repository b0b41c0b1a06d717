import { Environment, Release, releaseKey } from '@jetway/contracts';
import type { KV } from 'nats';
import { KvStore, type Mesh } from '@jetway/messaging';
import type { ReleaseListing, ReleaseStore } from '../../use-cases';

/** What runs per (application, environment), in the `jetway-releases` bucket. */
export class KvReleaseStore implements ReleaseStore {
  private readonly store: KvStore<typeof Release>;
  private readonly kv: KV;
  constructor(mesh: Mesh) {
    this.kv = mesh.kv('releases');
    this.store = new KvStore(this.kv, Release);
  }
  async get(application: string, environment: Environment) {
    return (await this.store.get(releaseKey(application, environment)))?.value;
  }
  async put(release: Release) {
    await this.store.put(releaseKey(release.application, release.environment), release);
  }
  /** The key's kept revisions (the bucket keeps 10), newest first; entries that do not read are skipped. */
  async history(application: string, environment: Environment): Promise<Release[]> {
    const releases: Release[] = [];
    for await (const entry of await this.kv.history({ key: releaseKey(application, environment) })) {
      if (entry.operation !== 'PUT') continue;
      const parsed = Release.safeParse(entry.json());
      if (parsed.success) releases.push(parsed.data);
    }
    return releases.reverse();
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
