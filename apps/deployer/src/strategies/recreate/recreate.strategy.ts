import type { Release } from '@jetway/contracts';
import type { DeployResult } from '../../use-cases/deploy.types';
import type { Instance } from '../../use-cases/release-runtime.port';
import { labelOf, sideOf } from '../release-label';
import { recordRelease, refOf, retire, routedTargets } from '../release-steps';
import type { RolloutContext, RolloutDeps } from '../rollout.deps';
import type { ReleaseSide } from '../rollout.types';
import { startKey, startSide } from '../runner/start-side';
import { withDetail } from '../../use-cases/start-healthy';

// Recreate: stop the old release, then start the new one — for applications that cannot run
// two versions at once. It is the one strategy with downtime: between the stop and the new
// set's health, the router has no backend and answers 503. If the new release is unhealthy,
// the previous one is started again from its installed files and recorded spec → `rolled_back`.

/** What the rollout found serving: its side (release and spec) and its instances. */
export interface Serving {
  readonly side?: ReleaseSide;
  readonly instances: readonly Instance[];
}

export async function recreateDeploy(release: ReleaseSide, serving: Serving, current: Release | undefined, deps: RolloutDeps, ctx: RolloutContext): Promise<DeployResult> {
  const { application, environment, run_id } = ctx.input;
  const state = stateOf(release, serving, ctx);
  const previous = restorable(release, serving, current);
  // A repeated deploy keeps what its earlier try started (the new set, or the restored old one): the starts count them.
  const earlier = new Set([release, ...(previous ? [previous] : [])].flatMap((side) => deps.runtime.startedUnder(startKey(state, side)).map((i) => i.id)));
  const others = deps.runtime.running(application, environment).filter((i) => !earlier.has(i.id));
  if (routedTargets(await deps.router.route(application, environment)).size > 0) await deps.router.setRoute(application, environment, { stable: [] });
  await retire(others, deps);

  const started = await startSide(release, state, release.spec.replicas, [], deps, ctx);
  if (started.ok) {
    const fresh = ctx.touched.filter((i) => started.targets.includes(i.target));
    await deps.router.setRoute(application, environment, { stable: fresh.map((i) => ({ target: i.target, release: labelOf(i) })) });
    const info = await recordRelease({ run_id, application, environment, side: release, strategy: 'recreate', targets: started.targets }, current, deps);
    return { outcome: 'succeeded', release: info, instances: ctx.touched };
  }
  return restorePrevious(started.reason, started.detail, previous, deps, ctx);
}

/**
 * What a failed start brings back: the set found serving, else the recorded release — an earlier
 * try of this deploy may have stopped it before the deployer died, and the release it replaces
 * must stay restorable (not the release being deployed itself).
 */
function restorable(release: ReleaseSide, serving: Serving, current: Release | undefined): ReleaseSide | undefined {
  if (serving.side) return serving.side;
  if (!current?.spec) return undefined;
  const recorded = sideOf(current.digest, current.spec);
  return recorded.label === release.label ? undefined : recorded;
}

async function restorePrevious(reason: string, detail: string | undefined, previous: ReleaseSide | undefined, deps: RolloutDeps, ctx: RolloutContext): Promise<DeployResult> {
  const { application, environment } = ctx.input;
  if (!previous || !(await deps.runtime.isInstalled(refOf(application, environment, previous.digest)))) {
    return { outcome: 'failed', reason: withDetail(`${reason}; no installed previous release to restore`, detail), instances: ctx.touched };
  }
  const state = stateOf(previous, { instances: [] }, ctx);
  const restored = await startSide(previous, state, previous.spec.replicas, [], deps, ctx);
  if (!restored.ok) return { outcome: 'failed', reason: withDetail(`${reason}; restoring ${previous.digest} failed too: ${restored.reason}`, detail ?? restored.detail), instances: ctx.touched };
  const instances = ctx.touched.filter((i) => restored.targets.includes(i.target));
  await deps.router.setRoute(application, environment, { stable: instances.map((i) => ({ target: i.target, release: labelOf(i) })) });
  return { outcome: 'rolled_back', reason: withDetail(`${reason}; restored the previous release ${previous.digest}`, detail), instances: ctx.touched };
}

/** The few state fields a start reads (recreate keeps no rollout state: it is short and has no stages). */
function stateOf(release: ReleaseSide, serving: Serving, ctx: RolloutContext) {
  const { run_id, step_id, attempt, application, environment, strategy, rollout } = ctx.input;
  return {
    run_id, step_id, attempt, application, environment, strategy, rollout, release,
    ...(serving.side ? { stable: serving.side } : {}),
    phase: 'starting' as const, stage: 0, weight: 0, fresh: [], old: serving.instances.map((i) => i.target), sequence: 0, since: 0, command_revision: 0,
  };
}
