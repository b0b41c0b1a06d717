import type { Release, ReleaseInfo } from '@jetway/contracts';
import { PermanentError } from '@jetway/messaging';
import type { DeployDeps, DeployInput } from './deploy.types';
import type { Instance, ReleaseRef } from './release-runtime.port';
import { runs, sameHealthCheck, sameSpec, specOf } from './release-spec';
import { startHealthy, type StartOutcome } from './start-healthy';

// Steps shared by the deploy strategies. Each one is a single, named move against the ports.

export function refOf(input: DeployInput): ReleaseRef {
  return { application: input.application, environment: input.environment, digest: input.digest };
}

export function targetsOf(instances: readonly Instance[]): string[] {
  return instances.map((i) => i.target);
}

/**
 * Unrouted instances of exactly this release — digest and run spec — (at most `replicas`): a
 * deploy that was interrupted after starting them (the deployer was killed) left them behind,
 * and its redelivery takes them over instead of starting the same release twice. Routed
 * instances are the serving set, which a redeploy replaces rather than reuses.
 */
export function leftBehind(input: DeployInput, deps: DeployDeps): Instance[] {
  const routed = new Set(deps.router.backends(input.application, input.environment));
  return deps.runtime
    .running(input.application, input.environment)
    .filter((i) => runs(i, input.digest, input.platform_config.run) && !routed.has(i.target))
    .slice(0, input.platform_config.replicas);
}

/** The running instances of (application, environment) other than `keep`. */
export function othersThan(keep: readonly Instance[], ref: ReleaseRef, deps: DeployDeps): Instance[] {
  const kept = new Set(keep.map((i) => i.id));
  return deps.runtime.running(ref.application, ref.environment).filter((i) => !kept.has(i.id));
}

/** Starts the requested release (taking over `reused` instances) and waits for it to be healthy. */
export function startRequested(input: DeployInput, reused: readonly Instance[], deps: DeployDeps): Promise<StartOutcome> {
  const { run, replicas, health_check } = input.platform_config;
  return startHealthy(refOf(input), { run, count: replicas, check: health_check, deadlineMs: input.healthDeadlineMs, reused }, deps);
}

/**
 * Stops instances that no longer receive traffic, once the requests the router already sent
 * them have finished: stopping an instance mid-request would cut it (a 502 for its client).
 */
export async function retire(instances: readonly Instance[], deps: DeployDeps): Promise<void> {
  if (instances.length === 0) return;
  await deps.router.drained(targetsOf(instances), DRAIN_TIMEOUT_MS);
  await deps.runtime.stop(instances);
}

/** Longest wait for requests in flight to old instances; past it they get the app's own graceful stop. */
const DRAIN_TIMEOUT_MS = 15_000;

/**
 * Unpacks the artifact; a bad artifact (wrong digest, not a tar.gz) becomes a `failed` reason,
 * because retrying the same bytes cannot help. Other errors propagate (transient).
 */
export async function installOrReason(input: DeployInput, deps: DeployDeps): Promise<string | undefined> {
  try {
    await deps.runtime.install(refOf(input), input.artifactPath);
    return undefined;
  } catch (error) {
    if (error instanceof PermanentError) return `cannot install ${input.digest}: ${error.message}`;
    throw error;
  }
}

/** The reason of a deploy that found exactly the requested release serving. */
export const NOTHING_TO_DO = 'already serving this release; nothing to do';

/**
 * A redelivered deploy, or one that changes nothing, must not start processes again: when
 * exactly the requested release — digest, run spec, replica count, health check — already runs,
 * healthy, with the router on it, the deploy only records the release. Instances say which
 * digest and run spec they were started with; the health check is compared with the recorded
 * release when that is this digest (a deploy interrupted before recording left the old record).
 */
export async function alreadyServing(input: DeployInput, current: Release | undefined, deps: DeployDeps): Promise<Instance[] | undefined> {
  const running = deps.runtime.running(input.application, input.environment);
  if (running.length !== input.platform_config.replicas) return undefined;
  if (running.some((i) => !runs(i, input.digest, input.platform_config.run))) return undefined;
  const recordedCheck = current?.digest === input.digest ? current.spec?.health_check : undefined;
  if (recordedCheck && !sameHealthCheck(recordedCheck, input.platform_config.health_check)) return undefined;
  const routed = [...deps.router.backends(input.application, input.environment)].sort();
  if (routed.join(',') !== targetsOf(running).sort().join(',')) return undefined;
  const check = input.platform_config.health_check;
  const results = await Promise.all(running.map((i) => deps.health.waitHealthy(i.baseUrl, check, input.healthDeadlineMs)));
  return results.every((r) => r.healthy) ? running : undefined;
}

/**
 * Writes the new current release (keeping the chain to the previous digest) with the spec it
 * runs with, so a restarted deployer can start it again the same way, and describes it.
 */
export async function recordRelease(
  input: DeployInput,
  strategy: string,
  instances: readonly Instance[],
  current: Release | undefined,
  deps: DeployDeps,
): Promise<ReleaseInfo> {
  // Re-recording the same release (a redelivery) must keep pointing at the release before it;
  // the same digest run another way is a new release, whose previous is the current one.
  const spec = specOf(input.platform_config);
  const sameRelease = current?.digest === input.digest && (!current.spec || sameSpec(current.spec, spec));
  const previous =
    current && !sameRelease ? { digest: current.digest, run_id: current.run_id, deployed_at: current.deployed_at } : current?.previous;
  const url = deps.router.urlFor(input.application, input.environment);
  const release: Release = {
    application: input.application,
    environment: input.environment,
    digest: input.digest,
    strategy,
    url,
    targets: targetsOf(instances),
    run_id: input.run_id,
    deployed_at: deps.now().toISOString(),
    ...(previous ? { previous } : {}),
    spec,
  };
  await deps.releases.put(release);
  return {
    digest: release.digest,
    url,
    targets: release.targets,
    ...(previous ? { previous_digest: previous.digest } : {}),
  };
}
