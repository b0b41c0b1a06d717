import type { Environment, Release, ReleaseInfo } from '@jetway/contracts';
import { PermanentError } from '@jetway/messaging';
import type { DeployDeps, DeployInput } from '../use-cases/deploy.types';
import type { Instance, ReleaseRef } from '../use-cases/release-runtime.port';
import { runs, sameHealthCheck, sameSpec, specOf } from '../use-cases/release-spec';
import type { Route } from '../use-cases/weighted-router.port';
import type { ReleaseSide } from './rollout.types';

// Single, named moves against the ports that every strategy (and the rollback step) shares.

/** Longest wait for requests in flight to old instances; past it they get the app's own graceful stop. */
export const DRAIN_TIMEOUT_MS = 15_000;

/** The reason of a deploy that found exactly the requested release serving. */
export const NOTHING_TO_DO = 'already serving this release; nothing to do';

export function refOf(application: string, environment: Environment, digest: string): ReleaseRef {
  return { application, environment, digest };
}

export function targetsOf(instances: readonly Instance[]): string[] {
  return instances.map((i) => i.target);
}

/** Every target a route sends traffic to: stable, canary and preview sets. */
export function routedTargets(route: Route | undefined): Set<string> {
  if (!route) return new Set();
  return new Set([...route.stable, ...(route.canary?.backends ?? []), ...(route.preview ?? [])].map((b) => b.target));
}

/** The running instances of (application, environment) at these targets, in the targets' order. */
export function instancesAt(targets: readonly string[], application: string, environment: Environment, deps: Pick<DeployDeps, 'runtime'>): Instance[] {
  const byTarget = new Map(deps.runtime.running(application, environment).map((i) => [i.target, i]));
  return targets.flatMap((t) => byTarget.get(t) ?? []);
}

/**
 * Unrouted instances of exactly this release (digest and run spec) not already counted: a
 * deploy interrupted after starting them (the deployer was killed) left them behind, and its
 * redelivery takes them over instead of starting the release twice.
 */
export function leftBehind(side: ReleaseSide, application: string, environment: Environment, exclude: ReadonlySet<string>, deps: Pick<DeployDeps, 'runtime'>): Instance[] {
  return deps.runtime.running(application, environment).filter((i) => runs(i, side.digest, side.spec.run) && !exclude.has(i.target));
}

/**
 * Stops instances that no longer receive traffic, once the requests the router already sent
 * them have finished: stopping an instance mid-request would cut it (a 502 for its client).
 */
export async function retire(instances: readonly Instance[], deps: Pick<DeployDeps, 'router' | 'runtime'>): Promise<void> {
  if (instances.length === 0) return;
  await deps.router.drained(targetsOf(instances), DRAIN_TIMEOUT_MS);
  await deps.runtime.stop(instances);
}

/**
 * Unpacks the artifact; a bad artifact (wrong digest, not a tar.gz) becomes a `failed` reason,
 * because retrying the same bytes cannot help. Other errors propagate (transient).
 */
export async function installOrReason(input: DeployInput, deps: Pick<DeployDeps, 'runtime'>): Promise<string | undefined> {
  try {
    await deps.runtime.install(refOf(input.application, input.environment, input.digest), input.artifactPath);
    return undefined;
  } catch (error) {
    if (error instanceof PermanentError) return `cannot install ${input.digest}: ${error.message}`;
    throw error;
  }
}

/**
 * A redelivered deploy, or one that changes nothing, must not start processes again: when
 * exactly the requested release — digest, run spec, replica count, health check — already runs,
 * healthy, with the router's stable set on exactly it (no canary, no preview), the deploy only
 * records the release.
 */
export async function alreadyServing(input: DeployInput, current: Release | undefined, deps: DeployDeps): Promise<Instance[] | undefined> {
  const running = deps.runtime.running(input.application, input.environment);
  if (running.length !== input.platform_config.replicas) return undefined;
  if (running.some((i) => !runs(i, input.digest, input.platform_config.run))) return undefined;
  const recordedCheck = current?.digest === input.digest ? current.spec?.health_check : undefined;
  if (recordedCheck && !sameHealthCheck(recordedCheck, input.platform_config.health_check)) return undefined;
  const route = await deps.router.route(input.application, input.environment);
  if (!route || (route.canary?.backends.length ?? 0) > 0 || (route.preview?.length ?? 0) > 0) return undefined;
  if (route.stable.map((b) => b.target).sort().join(',') !== targetsOf(running).sort().join(',')) return undefined;
  const check = input.platform_config.health_check;
  const results = await Promise.all(running.map((i) => deps.health.waitHealthy(i.baseUrl, check, input.healthDeadlineMs)));
  return results.every((r) => r.healthy) ? running : undefined;
}

/** What a release record needs besides the ports. */
export interface ReleaseToRecord {
  readonly run_id: string;
  readonly application: string;
  readonly environment: Environment;
  readonly side: Pick<ReleaseSide, 'digest' | 'spec'>;
  readonly strategy: string;
  readonly targets: readonly string[];
}

/**
 * Writes the new current release (keeping the chain to the previous digest) with the spec it
 * runs with, so a restarted deployer can start it again the same way, and describes it.
 * Re-recording the same release (a redelivery) keeps pointing at the release before it.
 */
export async function recordRelease(what: ReleaseToRecord, current: Release | undefined, deps: Pick<DeployDeps, 'router' | 'releases' | 'now'>): Promise<ReleaseInfo> {
  const { application, environment, side } = what;
  const sameRelease = current?.digest === side.digest && (!current.spec || sameSpec(current.spec, side.spec));
  const previous = current && !sameRelease ? { digest: current.digest, run_id: current.run_id, deployed_at: current.deployed_at } : current?.previous;
  const url = deps.router.urlFor(application, environment);
  const release: Release = {
    application,
    environment,
    digest: side.digest,
    strategy: what.strategy,
    url,
    targets: [...what.targets],
    run_id: what.run_id,
    deployed_at: deps.now().toISOString(),
    ...(previous ? { previous } : {}),
    spec: side.spec,
  };
  await deps.releases.put(release);
  return infoOf(release);
}

export function infoOf(release: Release): ReleaseInfo {
  return { digest: release.digest, url: release.url, targets: release.targets, ...(release.previous ? { previous_digest: release.previous.digest } : {}) };
}

export { specOf };
