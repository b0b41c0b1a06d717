import type { HealthCheck, Release } from '@jetway/contracts';
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
import type { Instance, ReleaseRef, RunSpec } from './release-runtime.port';
import { sameRun } from './release-spec';
import { startHealthy, withDetail } from './start-healthy';

/**
 * Recreate: stop the old release, then start the new one (for apps that cannot run two
 * versions at once). There is downtime; during it the router answers 503. If the new release
 * is unhealthy, the previous one is started again from its installed files → `rolled_back`.
 */
export async function recreateDeploy(input: DeployInput, deps: DeployDeps): Promise<DeployResult> {
  const { application, environment } = input;
  const current = await deps.releases.get(application, environment);
  const serving = await alreadyServing(input, current, deps);
  if (serving) {
    const release = await recordRelease(input, 'recreate', serving, current, deps);
    return { outcome: 'succeeded', release, reason: NOTHING_TO_DO, instances: serving };
  }
  // Install before stopping anything: a bad artifact must not cause downtime.
  const installFailure = await installOrReason(input, deps);
  if (installFailure) return { outcome: 'failed', reason: installFailure, instances: [] };

  const reused = leftBehind(input, deps);
  const old = othersThan(reused, refOf(input), deps);
  const previous = previousRelease(input, old, current);
  if (deps.router.backends(application, environment).length > 0) deps.router.setBackends(application, environment, []);
  await retire(old, deps);

  const started = await startRequested(input, reused, deps);
  if (started.ok) {
    deps.router.setBackends(application, environment, targetsOf(started.instances));
    const release = await recordRelease(input, 'recreate', started.instances, current, deps);
    return { outcome: 'succeeded', release, instances: started.instances };
  }
  return restorePrevious({ reason: started.reason, detail: started.detail, instances: started.instances }, previous, input, deps);
}

interface PreviousRelease {
  readonly ref: ReleaseRef;
  readonly run: RunSpec;
  readonly count: number;
  readonly check: HealthCheck;
}

/**
 * What ran before: taken from the running instances, else from the recorded release (whose
 * spec says how it ran; an older record without one falls back to the request's run spec).
 */
function previousRelease(input: DeployInput, old: readonly Instance[], current: Release | undefined): PreviousRelease | undefined {
  const first = old[0];
  const digest = first?.release.digest ?? current?.digest;
  if (!digest) return undefined;
  const recorded = current?.digest === digest ? current.spec : undefined;
  const run = first?.run ?? recorded?.run ?? input.platform_config.run;
  if (digest === input.digest && sameRun(run, input.platform_config.run)) return undefined;
  return {
    ref: { application: input.application, environment: input.environment, digest },
    run,
    count: old.length || recorded?.replicas || input.platform_config.replicas,
    check: recorded?.health_check ?? input.platform_config.health_check,
  };
}

interface Failed {
  readonly reason: string;
  readonly detail: string | undefined;
  readonly instances: readonly Instance[];
}

async function restorePrevious(failed: Failed, previous: PreviousRelease | undefined, input: DeployInput, deps: DeployDeps): Promise<DeployResult> {
  const { reason, detail } = failed;
  if (!previous || !(await deps.runtime.isInstalled(previous.ref))) {
    return { outcome: 'failed', reason: withDetail(`${reason}; no installed previous release to restore`, detail), instances: failed.instances };
  }
  const plan = { run: previous.run, count: previous.count, check: previous.check, deadlineMs: input.healthDeadlineMs };
  const restored = await startHealthy(previous.ref, plan, deps);
  const instances = [...failed.instances, ...restored.instances];
  if (!restored.ok) {
    const both = `${reason}; restoring ${previous.ref.digest} failed too: ${restored.reason}`;
    return { outcome: 'failed', reason: withDetail(both, detail ?? restored.detail), instances };
  }
  deps.router.setBackends(input.application, input.environment, targetsOf(restored.instances));
  return { outcome: 'rolled_back', reason: withDetail(`${reason}; restored the previous release ${previous.ref.digest}`, detail), instances };
}
