import { alreadyServing, installOrReason, leftBehind, othersThan, recordRelease, refOf, startHealthy, targetsOf } from './deploy-steps';
import type { DeployDeps, DeployInput, DeployResult } from './deploy.types';

/**
 * Rolling deploy with zero downtime: start all new instances next to the old ones, switch the
 * router only once every new instance is healthy, then stop the old ones. An unhealthy new
 * release never receives traffic: its instances are stopped and the old set keeps serving.
 */
export async function rollingDeploy(input: DeployInput, deps: DeployDeps): Promise<DeployResult> {
  const { application, environment } = input;
  const current = await deps.releases.get(application, environment);
  const serving = await alreadyServing(input, deps);
  if (serving) {
    return { outcome: 'succeeded', release: await recordRelease(input, 'rolling', serving, current, deps) };
  }

  const installFailure = await installOrReason(input, deps);
  if (installFailure) return unchanged(installFailure, input, deps);

  const ref = refOf(input);
  const reused = leftBehind(ref, input.platform_config.replicas, deps);
  const old = othersThan(reused, ref, deps);
  const started = await startHealthy(ref, input.platform_config.run, input.platform_config.replicas, input, deps, reused);
  if (!started.ok) return unchanged(started.reason, input, deps);

  deps.router.setBackends(application, environment, targetsOf(started.instances));
  // Only after the swap: requests in flight on the old instances finish during their graceful stop.
  await deps.runtime.stop(old);
  return {
    outcome: 'succeeded',
    release: await recordRelease(input, 'rolling', started.instances, current, deps),
  };
}

/** The router was never touched: whatever served before still serves (or nothing did). */
function unchanged(reason: string, input: DeployInput, deps: DeployDeps): DeployResult {
  const serving = deps.router.backends(input.application, input.environment).length > 0;
  return serving
    ? { outcome: 'rolled_back', reason: `${reason}; the previous release keeps serving` }
    : { outcome: 'failed', reason: `${reason}; no previous release was serving` };
}
