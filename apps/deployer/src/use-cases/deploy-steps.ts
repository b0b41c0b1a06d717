import type { Release, ReleaseInfo } from '@jetway/contracts';
import { PermanentError } from '@jetway/messaging';
import type { DeployDeps, DeployInput } from './deploy.types';
import type { Instance, ReleaseRef, RunSpec } from './release-runtime.port';

// Steps shared by the deploy strategies. Each one is a single, named move against the ports.

export function refOf(input: DeployInput): ReleaseRef {
  return { application: input.application, environment: input.environment, digest: input.digest };
}

export function targetsOf(instances: readonly Instance[]): string[] {
  return instances.map((i) => i.target);
}

export type StartOutcome = { ok: true; instances: Instance[] } | { ok: false; reason: string };

/**
 * Unrouted instances of exactly this release (at most `count`): a deploy that was interrupted
 * after starting them (the deployer was killed) left them behind, and its redelivery takes
 * them over instead of starting the same release twice. Routed instances are the serving set,
 * which a redeploy replaces rather than reuses.
 */
export function leftBehind(ref: ReleaseRef, count: number, deps: DeployDeps): Instance[] {
  const routed = new Set(deps.router.backends(ref.application, ref.environment));
  return deps.runtime
    .running(ref.application, ref.environment)
    .filter((i) => i.release.digest === ref.digest && !routed.has(i.target))
    .slice(0, count);
}

/** The running instances of (application, environment) other than `keep`. */
export function othersThan(keep: readonly Instance[], ref: ReleaseRef, deps: DeployDeps): Instance[] {
  const kept = new Set(keep.map((i) => i.id));
  return deps.runtime.running(ref.application, ref.environment).filter((i) => !kept.has(i.id));
}

/**
 * Brings `count` instances of the release up — `reused` ones already running plus new ones —
 * and waits for all to be healthy; stops them all if any is not.
 */
export async function startHealthy(
  ref: ReleaseRef,
  run: RunSpec,
  count: number,
  input: DeployInput,
  deps: DeployDeps,
  reused: readonly Instance[] = [],
): Promise<StartOutcome> {
  const instances = [...reused, ...(await deps.runtime.start(ref, run, count - reused.length))];
  try {
    const check = input.platform_config.health_check;
    const results = await Promise.all(
      instances.map((i) => deps.health.waitHealthy(i.baseUrl, check, input.healthDeadlineMs)),
    );
    const reasons = results.flatMap((r) => (r.healthy ? [] : [r.reason]));
    if (reasons.length === 0) return { ok: true, instances };
    await deps.runtime.stop(instances);
    return { ok: false, reason: `${reasons.length} of ${count} new instances of ${ref.digest} unhealthy: ${reasons.join('; ')}` };
  } catch (error) {
    await deps.runtime.stop(instances);
    throw error;
  }
}

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

/**
 * A redelivered deploy must not start processes again: when exactly the requested release
 * already runs, healthy, with the router on it, the deploy only records the release.
 */
export async function alreadyServing(input: DeployInput, deps: DeployDeps): Promise<Instance[] | undefined> {
  const running = deps.runtime.running(input.application, input.environment);
  if (running.length !== input.platform_config.replicas) return undefined;
  if (running.some((i) => i.release.digest !== input.digest)) return undefined;
  const routed = [...deps.router.backends(input.application, input.environment)].sort();
  if (routed.join(',') !== targetsOf(running).sort().join(',')) return undefined;
  const check = input.platform_config.health_check;
  const results = await Promise.all(running.map((i) => deps.health.waitHealthy(i.baseUrl, check, input.healthDeadlineMs)));
  return results.every((r) => r.healthy) ? running : undefined;
}

/** Writes the new current release (keeping the chain to the previous digest) and describes it. */
export async function recordRelease(
  input: DeployInput,
  strategy: string,
  instances: readonly Instance[],
  current: Release | undefined,
  deps: DeployDeps,
): Promise<ReleaseInfo> {
  // Re-recording the same digest (a redelivery) must keep pointing at the release before it.
  const previous =
    current && current.digest !== input.digest
      ? { digest: current.digest, run_id: current.run_id, deployed_at: current.deployed_at }
      : current?.previous;
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
  };
  await deps.releases.put(release);
  return {
    digest: release.digest,
    url,
    targets: release.targets,
    ...(previous ? { previous_digest: previous.digest } : {}),
  };
}
