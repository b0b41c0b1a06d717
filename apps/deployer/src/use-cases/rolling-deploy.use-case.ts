import {
  alreadyServing,
  installOrReason,
  leftBehind,
  NOTHING_TO_DO,
  othersThan,
  recordRelease,
  refOf,
  retire,
  startRequested,
  targetsOf,
} from './deploy-steps';
import type { DeployDeps, DeployInput, DeployResult } from './deploy.types';
import type { Instance } from './release-runtime.port';
import { withDetail } from './start-healthy';

/**
 * Rolling deploy with zero downtime: start all new instances next to the old ones, switch the
 * router only once every new instance is healthy, then stop the old ones once the requests the
 * router sent them have finished. An unhealthy new release never receives traffic: its
 * instances are stopped and the old set keeps serving.
 */
export async function rollingDeploy(input: DeployInput, deps: DeployDeps): Promise<DeployResult> {
  const { application, environment } = input;
  const current = await deps.releases.get(application, environment);
  const serving = await alreadyServing(input, current, deps);
  if (serving) {
    const release = await recordRelease(input, 'rolling', serving, current, deps);
    return { outcome: 'succeeded', release, reason: NOTHING_TO_DO, instances: serving };
  }

  const installFailure = await installOrReason(input, deps);
  if (installFailure) return unchanged(installFailure, undefined, [], input, deps);

  const reused = leftBehind(input, deps);
  const old = othersThan(reused, refOf(input), deps);
  const started = await startRequested(input, reused, deps);
  if (!started.ok) return unchanged(started.reason, started.detail, started.instances, input, deps);

  deps.router.setBackends(application, environment, targetsOf(started.instances));
  await retire(old, deps);
  const release = await recordRelease(input, 'rolling', started.instances, current, deps);
  return { outcome: 'succeeded', release, instances: started.instances };
}

/** The router was never touched: whatever served before still serves (or nothing did). */
function unchanged(reason: string, detail: string | undefined, instances: readonly Instance[], input: DeployInput, deps: DeployDeps): DeployResult {
  const serving = deps.router.backends(input.application, input.environment).length > 0;
  return serving
    ? { outcome: 'rolled_back', reason: withDetail(`${reason}; the previous release keeps serving`, detail), instances }
    : { outcome: 'failed', reason: withDetail(`${reason}; no previous release was serving`, detail), instances };
}
