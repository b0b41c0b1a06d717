import { alreadyServing, installOrReason, leftBehind, othersThan, recordRelease, refOf, startHealthy, targetsOf } from './deploy-steps';
import type { DeployDeps, DeployInput, DeployResult } from './deploy.types';
import type { Instance, ReleaseRef, RunSpec } from './release-runtime.port';

/**
 * Recreate: stop the old release, then start the new one (for apps that cannot run two
 * versions at once). There is downtime; during it the router answers 503. If the new release
 * is unhealthy, the previous one is started again from its installed files → `rolled_back`.
 */
export async function recreateDeploy(input: DeployInput, deps: DeployDeps): Promise<DeployResult> {
  const { application, environment } = input;
  const current = await deps.releases.get(application, environment);
  const serving = await alreadyServing(input, deps);
  if (serving) {
    return { outcome: 'succeeded', release: await recordRelease(input, 'recreate', serving, current, deps) };
  }
  // Install before stopping anything: a bad artifact must not cause downtime.
  const installFailure = await installOrReason(input, deps);
  if (installFailure) return { outcome: 'failed', reason: installFailure };

  const ref = refOf(input);
  const reused = leftBehind(ref, input.platform_config.replicas, deps);
  const old = othersThan(reused, ref, deps);
  const previous = previousRelease(input, old, current?.digest);
  if (deps.router.backends(application, environment).length > 0) deps.router.setBackends(application, environment, []);
  await deps.runtime.stop(old);

  const started = await startHealthy(ref, input.platform_config.run, input.platform_config.replicas, input, deps, reused);
  if (started.ok) {
    deps.router.setBackends(application, environment, targetsOf(started.instances));
    return { outcome: 'succeeded', release: await recordRelease(input, 'recreate', started.instances, current, deps) };
  }
  return restorePrevious(started.reason, previous, input, deps);
}

interface PreviousRelease {
  readonly ref: ReleaseRef;
  readonly run: RunSpec;
  readonly count: number;
}

/** What ran before: taken from the running instances, else from the release bookkeeping. */
function previousRelease(input: DeployInput, old: readonly Instance[], storedDigest: string | undefined): PreviousRelease | undefined {
  const first = old[0];
  const digest = first?.release.digest ?? storedDigest;
  if (!digest || digest === input.digest) return undefined;
  return {
    ref: { application: input.application, environment: input.environment, digest },
    // The stored release does not keep its run spec; the request's is the best guess then.
    run: first?.run ?? input.platform_config.run,
    count: old.length || input.platform_config.replicas,
  };
}

async function restorePrevious(
  reason: string,
  previous: PreviousRelease | undefined,
  input: DeployInput,
  deps: DeployDeps,
): Promise<DeployResult> {
  if (!previous || !(await deps.runtime.isInstalled(previous.ref))) {
    return { outcome: 'failed', reason: `${reason}; no installed previous release to restore` };
  }
  const restored = await startHealthy(previous.ref, previous.run, previous.count, input, deps);
  if (!restored.ok) {
    return { outcome: 'failed', reason: `${reason}; restoring ${previous.ref.digest} failed too: ${restored.reason}` };
  }
  deps.router.setBackends(input.application, input.environment, targetsOf(restored.instances));
  return { outcome: 'rolled_back', reason: `${reason}; restored the previous release ${previous.ref.digest}` };
}
