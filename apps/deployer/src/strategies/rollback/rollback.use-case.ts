import { DEFAULT_DEADLINES, RolloutSpec, type Release, type ReleaseInfo, type RollbackTriggered } from '@jetway/contracts';
import type { DeployResult } from '../../use-cases/deploy.types';
import type { Instance } from '../../use-cases/release-runtime.port';
import { sameSpec } from '../../use-cases/release-spec';
import { deployRelease } from '../deploy-release';
import { labelOf } from '../release-label';
import { infoOf, instancesAt, recordRelease, retire } from '../release-steps';
import type { RolloutDeps } from '../rollout.deps';
import type { WarmSet } from '../rollout-store.port';
import { rollbackTarget, type RollbackTarget } from './rollback-target';

/** What the rollback step finishes with (the StepWorker's StepResult for `rollback`), and the instances whose output is its log. */
export interface RollbackResult {
  readonly outcome: DeployResult['outcome'];
  readonly reason?: string;
  readonly outputs?: { readonly release: ReleaseInfo; readonly from_digest: string; readonly instant: boolean; readonly health_path?: string };
  readonly instances: readonly Instance[];
}

/** What a rollback needs besides the rollout's ports: the artifact of a release no longer installed, and the time instances have to be healthy. */
export interface RollbackDeps extends RolloutDeps {
  readonly fetchArtifact: (digest: string) => Promise<string>;
  readonly healthDeadlineMs: number;
}

export type RollbackRequest = Pick<RollbackTriggered, 'run_id' | 'step_id' | 'attempt' | 'application' | 'environment' | 'to_digest'> & {
  /** When the step was triggered (epoch ms): its deadline counts from it. */
  readonly triggeredAt: number;
};

/**
 * (application, environment) serves an earlier release again: an instant switch when that
 * release's set is still warm (a blue-green scale-down window), otherwise a rolling redeploy of
 * it from its recorded spec. The release is recorded with `previous` pointing at what it
 * replaced. A rollback this run already did (a redelivery) answers with what it did.
 */
export async function rollBack(request: RollbackRequest, deps: RollbackDeps, signal?: AbortSignal): Promise<RollbackResult> {
  const { application, environment } = request;
  const current = await deps.releases.get(application, environment);
  if (!current) return { outcome: 'failed', reason: `${application}/${environment} has no release: nothing to roll back`, instances: [] };
  if (current.run_id === request.run_id) return { outcome: 'succeeded', outputs: outputsOf(infoOf(current), current.previous?.digest ?? current.digest, false, current), instances: [] };
  const warm = await deps.rollouts.warm(application, environment);
  const target = rollbackTarget(request, current, await deps.releases.history(application, environment), warm);
  if ('reason' in target) return { outcome: 'failed', reason: target.reason, instances: [] };
  const warmInstances = warm && warmFor(warm, target, deps) ;
  if (warm && warmInstances) return switchToWarm(request, current, target, warmInstances, deps);
  return redeploy(request, current, target, deps, signal);
}

/** The warm set's running instances when it is the target's and its window is open; else undefined. */
function warmFor(warm: WarmSet, target: RollbackTarget, deps: RollbackDeps): Instance[] | undefined {
  if (warm.side.digest !== target.digest || !sameSpec(warm.side.spec, target.spec) || warm.until <= deps.now().getTime()) return undefined;
  const instances = instancesAt(warm.targets, warm.application, warm.environment, deps);
  return instances.length === warm.targets.length && instances.length > 0 ? instances : undefined;
}

async function switchToWarm(request: RollbackRequest, current: Release, target: RollbackTarget, instances: Instance[], deps: RollbackDeps): Promise<RollbackResult> {
  const { application, environment, run_id } = request;
  await deps.router.setRoute(application, environment, { stable: instances.map((i) => ({ target: i.target, release: labelOf(i) })) });
  const warmTargets = new Set(instances.map((i) => i.target));
  const replaced = instancesAt(current.targets, application, environment, deps).filter((i) => !warmTargets.has(i.target));
  const info = await recordRelease({ run_id, application, environment, side: target, strategy: 'rollback', targets: [...warmTargets] }, current, deps);
  await deps.rollouts.deleteWarm(application, environment);
  await retire(replaced, deps);
  return { outcome: 'succeeded', outputs: outputsOf(info, current.digest, true, target), instances };
}

async function redeploy(request: RollbackRequest, current: Release, target: RollbackTarget, deps: RollbackDeps, signal?: AbortSignal): Promise<RollbackResult> {
  const { run_id, step_id, attempt, application, environment } = request;
  const installed = await deps.runtime.isInstalled({ application, environment, digest: target.digest });
  const artifactPath = installed ? '' : await deps.fetchArtifact(target.digest);
  const { replicas, run, health_check } = target.spec;
  const input = {
    run_id, step_id, attempt, application, environment, digest: target.digest, strategy: 'rolling' as const, recordAs: 'rollback',
    rollout: RolloutSpec.parse({}), platform_config: { type: 'local' as const, replicas, run, health_check }, artifactPath,
    healthDeadlineMs: deps.healthDeadlineMs, deadline: request.triggeredAt + DEFAULT_DEADLINES.rollback * 1_000,
  };
  const result = await deployRelease(input, deps, signal);
  if (result.outcome !== 'succeeded') return { outcome: 'failed', reason: `rolling back to ${target.digest} failed: ${result.reason}`, instances: result.instances };
  return { outcome: 'succeeded', outputs: outputsOf(result.release, current.digest, false, target), instances: result.instances };
}

function outputsOf(release: ReleaseInfo, from: string, instant: boolean, target: Pick<RollbackTarget, 'spec'> | Pick<Release, 'spec'>): NonNullable<RollbackResult['outputs']> {
  return { release, from_digest: from, instant, ...(target.spec ? { health_path: target.spec.health_check.path } : {}) };
}
