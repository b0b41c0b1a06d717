import type { Release } from '@jetway/contracts';
import { targetsOf } from '../strategies/release-steps';
import type { DeployDeps } from './deploy.types';
import { runs } from './release-spec';
import { stableRoute } from './stable-route';
import { startHealthy, withDetail } from './start-healthy';

/** What a restore needs besides the deploy ports. */
export interface RestoreDeps extends Pick<DeployDeps, 'runtime' | 'router' | 'health' | 'releases'> {
  /** A local path of the artifact with this digest (fetched from the Object Store when not there). */
  readonly fetchArtifact: (digest: string) => Promise<string>;
  /** How long restored instances have to become healthy, in milliseconds. */
  readonly healthDeadlineMs: number;
  /** Aborted when the deployer stops: a restore in progress gives up and stops what it started. */
  readonly signal?: AbortSignal;
}

/**
 * How restoring one (application, environment) ended: `running` (its instances outlived the
 * deployer and were adopted), `restored` (started again), `not_restorable` (recorded without
 * the spec it runs with), `failed` (the reason says why).
 */
export interface RestoreOutcome {
  readonly application: string;
  readonly environment: string;
  readonly digest: string;
  readonly outcome: 'running' | 'restored' | 'not_restorable' | 'failed';
  readonly detail: string;
}

/**
 * Brings the recorded current release of (application, environment) back when none of its
 * instances runs — after a graceful stop of the mesh stopped them — the way it was deployed:
 * the artifact (fetched by digest if it is not installed any more), the recorded run spec and
 * replica count, its health check, then the router. Adopted instances are left as they are.
 * A release recorded without its spec is reported, never started with a guessed command.
 */
export async function restoreRelease(release: Release, deps: RestoreDeps): Promise<RestoreOutcome> {
  const { application, environment, digest, spec } = release;
  const ended = (outcome: RestoreOutcome['outcome'], detail: string): RestoreOutcome => ({ application, environment, digest, outcome, detail });
  if (!spec) {
    return ended('not_restorable', 'recorded without its run spec (by an older deployer): deploy it again to have it restored');
  }
  const adopted = deps.runtime.running(application, environment).filter((i) => runs(i, digest, spec.run));
  if (adopted.length > 0) return ended('running', `${adopted.length} instance(s) outlived the deployer`);
  const ref = { application, environment, digest };
  try {
    if (!(await deps.runtime.isInstalled(ref))) await deps.runtime.install(ref, await deps.fetchArtifact(digest));
    if (deps.signal?.aborted) return ended('failed', 'gave up: the deployer is stopping');
    const plan = { run: spec.run, count: spec.replicas, check: spec.health_check, deadlineMs: deps.healthDeadlineMs, signal: deps.signal };
    const started = await startHealthy(ref, plan, deps);
    if (!started.ok) return ended('failed', withDetail(started.reason, started.detail));
    const targets = targetsOf(started.instances);
    await deps.router.setRoute(application, environment, stableRoute(started.instances));
    await deps.releases.put({ ...release, targets });
    return ended('restored', `${targets.length} instance(s) at ${targets.join(', ')}`);
  } catch (error) {
    return ended('failed', error instanceof Error ? error.message : String(error));
  }
}

/**
 * Restores every recorded release, one at a time through `serialise` (the queue deploys of the
 * same (application, environment) also go through, so a restore and a deploy never interleave;
 * the release is read again inside it, in case a deploy changed it meanwhile), reporting each
 * outcome as it ends.
 */
export async function restoreReleases(
  deps: RestoreDeps,
  serialise: <T>(key: string, task: () => Promise<T>) => Promise<T>,
  report: (outcome: RestoreOutcome) => void,
): Promise<{ unreadable: readonly string[] }> {
  const { releases, unreadable } = await deps.releases.list();
  for (const release of releases) {
    if (deps.signal?.aborted) break;
    const { application, environment } = release;
    const outcome = await serialise(`${application}/${environment}`, () => restoreCurrent(release, deps));
    if (outcome) report(outcome);
  }
  return { unreadable };
}

/** Restores what is recorded now for the listed release's (application, environment). */
async function restoreCurrent(listed: Release, deps: RestoreDeps): Promise<RestoreOutcome | undefined> {
  let current: Release | undefined;
  try {
    current = await deps.releases.get(listed.application, listed.environment);
  } catch (error) {
    const detail = `cannot read the recorded release: ${error instanceof Error ? error.message : String(error)}`;
    return { application: listed.application, environment: listed.environment, digest: listed.digest, outcome: 'failed', detail };
  }
  return current ? restoreRelease(current, deps) : undefined;
}
