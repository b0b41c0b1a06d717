import type { Environment, Release } from '@jetway/contracts';

/**
 * What runs now for each (application, environment): the deployer's bookkeeping of releases,
 * read to find the previous release and written after a deploy succeeds. The wiring backs it
 * with the `releases` KV bucket (key `<app>.<env>`).
 */
export interface ReleaseStore {
  /** The current release, or `undefined` when (application, environment) was never deployed. */
  get(application: string, environment: Environment): Promise<Release | undefined>;
  /** Records `release` as the current release of its (application, environment), replacing any. */
  put(release: Release): Promise<void>;
  /**
   * The releases recorded for (application, environment), newest first — the current one and
   * the ones it replaced, as far back as the store keeps them: where a rollback finds the spec
   * of the release it goes back to.
   */
  history(application: string, environment: Environment): Promise<Release[]>;
  /** Every recorded current release; entries that do not read as a release are named in `unreadable`. */
  list(): Promise<ReleaseListing>;
}

export interface ReleaseListing {
  readonly releases: readonly Release[];
  /** `<key>: <why>` for each entry that could not be read. */
  readonly unreadable: readonly string[];
}
