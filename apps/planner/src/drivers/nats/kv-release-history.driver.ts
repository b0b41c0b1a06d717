import type { KV } from 'nats';
import { Environment, Release, releaseKey } from '@jetway/contracts';
import type { ReleaseHistory, ReleaseRevision } from '../../use-cases/ports';

/**
 * The history of `<app>.<env>` in KV jetway-releases (the bucket keeps the last revisions of each
 * key): read with nats.js's history iterator, which ends once it delivered what is stored. The
 * planner only reads this bucket; the deployer writes it.
 */
export class KvReleaseHistory implements ReleaseHistory {
  constructor(private readonly kv: Pick<KV, 'history'>) {}

  async history(application: string, environment?: Environment): Promise<ReleaseRevision[]> {
    const key = environment ? releaseKey(application, environment) : `${application}.*`;
    const revisions: ReleaseRevision[] = [];
    for await (const entry of await this.kv.history({ key })) {
      if (entry.operation !== 'PUT' || !Environment.safeParse(entry.key.split('.')[1]).success) continue;
      const release = Release.safeParse(entry.json());
      // A malformed revision (written by an older deployer) is left out rather than failing the whole history.
      if (release.success) revisions.push({ release: release.data, revision: entry.revision });
    }
    return revisions.sort((a, b) => b.revision - a.revision);
  }
}
