import { runs } from '../../use-cases/release-spec';
import type { RolloutContext, RolloutDeps } from '../rollout.deps';
import { instancesAt, leftBehind, refOf, retire, routedTargets } from '../release-steps';
import type { Effect, RolloutState } from '../rollout.types';
import { performBatch } from './batch';
import { applyRoute } from './routes';
import { startSide } from './start-side';
import { withDetail } from '../../use-cases/start-healthy';
import { analyseWatching, watch, type Performed } from './waits';

// Performs one effect against the ports and says what came of it. Every effect can be performed
// again after a restart without harm: a start takes over the instances an interrupted one left,
// a route is set as a whole value, stopping a stopped instance does nothing.

export interface PerformedWith extends Performed {
  /** The state as the effect left it (the route it set), before the machine applies the event. */
  readonly state: RolloutState;
}

export async function perform(effect: Exclude<Effect, { kind: 'finish' }>, state: RolloutState, deps: RolloutDeps, ctx: RolloutContext): Promise<PerformedWith> {
  switch (effect.kind) {
    case 'start':
      return { state, ...(await startNew(state, deps, ctx)) };
    case 'route':
      return { state: await applyRoute(effect.route, state, deps), event: { kind: 'routed' } };
    case 'retire':
      await retire(instancesAt(state[effect.which], state.application, state.environment, deps), deps);
      return { state, event: { kind: 'retired' } };
    case 'analyse':
      return { state, ...(await analyseWatching(effect, state, deps, ctx)) };
    case 'wait':
      return { state, ...(await watch(state, deps, effect.untilMs, ctx.signal)) };
    case 'batch':
      return performBatch(effect.batch, state, deps, ctx);
    case 'restore':
      return restoreOld(state, deps, ctx);
  }
}

/** Starts the new release's whole set beside the serving one (taking over what an interrupted start left), health-gated. */
async function startNew(state: RolloutState, deps: RolloutDeps, ctx: RolloutContext): Promise<Performed> {
  const route = await deps.router.route(state.application, state.environment);
  const reused = leftBehind(state.release, state.application, state.environment, routedTargets(route), deps).slice(0, state.release.spec.replicas);
  const started = await startSide(state.release, state, state.release.spec.replicas, reused, deps, ctx);
  if (!started.ok) return { event: { kind: 'start_failed', reason: started.reason, ...(started.detail ? { detail: started.detail } : {}) } };
  return { event: { kind: 'started', targets: started.targets } };
}

/**
 * A failed rolling update, undone: the old release's missing instances start again (from its
 * installed files and recorded spec), the old release alone serves, the new instances stop.
 */
async function restoreOld(state: RolloutState, deps: RolloutDeps, ctx: RolloutContext): Promise<PerformedWith> {
  const stable = state.stable;
  if (!stable) return { state, event: { kind: 'restore_failed', reason: 'no previous release to restore' } };
  const { application, environment } = state;
  let old = instancesAt(state.old, application, environment, deps).filter((i) => runs(i, stable.digest, stable.spec.run)).map((i) => i.target);
  const missing = stable.spec.replicas - old.length;
  if (missing > 0) {
    if (!(await deps.runtime.isInstalled(refOf(application, environment, stable.digest)))) {
      return { state, event: { kind: 'restore_failed', reason: `the previous release ${stable.digest} is not installed any more` } };
    }
    const started = await startSide(stable, state, missing, [], deps, ctx);
    if (!started.ok) return { state, event: { kind: 'restore_failed', reason: withDetail(`restarting the previous release failed: ${started.reason}`, started.detail) } };
    old = [...old, ...started.targets];
  }
  const next = await applyRoute({ stable: 'old' }, { ...state, old }, deps);
  await retire(instancesAt(state.fresh, application, environment, deps), deps);
  return { state: next, event: { kind: 'restored', old } };
}
