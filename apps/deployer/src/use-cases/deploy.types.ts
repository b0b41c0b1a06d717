import type { DeployTriggered, ReleaseInfo, RolloutProgressed, RolloutSpec } from '@jetway/contracts';
import type { HealthProbe } from './health-probe.port';
import type { Instance, ReleaseRuntime } from './release-runtime.port';
import type { ReleaseStore } from './release-store.port';
import type { WeightedRouter } from './weighted-router.port';

/** The ports a deploy drives; the wiring passes the local driver's implementations. */
export interface DeployDeps {
  readonly runtime: ReleaseRuntime;
  readonly router: WeightedRouter;
  readonly health: HealthProbe;
  readonly releases: ReleaseStore;
  /** Injected so release timestamps are testable. */
  readonly now: () => Date;
}

/** A deploy request: the triggered event's fields plus what the wiring resolved for it. */
export type DeployInput = Pick<
  DeployTriggered,
  'run_id' | 'step_id' | 'attempt' | 'application' | 'environment' | 'digest' | 'platform_config' | 'strategy'
> & {
  /** The request's rollout block, defaults applied. */
  readonly rollout: RolloutSpec;
  /** The deploy step's deadline (epoch ms), when the trigger says: a pause never outlasts it. */
  readonly deadline?: number;
  /** Local path of the artifact tar.gz (fetched from the Object Store by digest). */
  readonly artifactPath: string;
  /** How long new instances have to become healthy, in milliseconds. */
  readonly healthDeadlineMs: number;
  /** The strategy the release record names, when not the one rolled out with (a rollback records `rollback`). */
  readonly recordAs?: string;
};

/**
 * How a deploy ended, in the step outcome vocabulary: `rolled_back` means the new release was
 * undone and the previous one still serves; `failed` means nothing healthy of this release
 * runs and there was nothing (or nothing restorable) to fall back to. A success that changed
 * nothing says so in `reason`. `instances` are the ones this attempt started, took over or
 * found serving (whose output is the step's log).
 */
export type DeployResult = (
  | { readonly outcome: 'succeeded'; readonly release: ReleaseInfo; readonly reason?: string }
  | { readonly outcome: 'rolled_back' | 'failed'; readonly reason: string }
) & {
  readonly instances: readonly Instance[];
  /** The rollout's last move (`completed`, `rolled_back`), which the step's finished carries; absent when no rollout ran. */
  readonly last_move?: RolloutProgressed;
};
