import { instancesAt, leftBehind, retire, routedTargets } from '../release-steps';
import type { RolloutContext, RolloutDeps } from '../rollout.deps';
import type { Batch, RolloutState } from '../rollout.types';
import type { PerformedWith } from './perform';
import { applyRoute } from './routes';
import { startSide } from './start-side';

/**
 * One rolling batch: the old instances allowed to go first leave the route and stop (after
 * their requests finished); the batch's new instances start and must all be healthy before the
 * router sends them traffic beside the rest; then the surplus old instances leave and stop.
 * A batch that does not come up healthy is stopped, and the release is rolled back.
 */
export async function performBatch(batch: Batch, state: RolloutState, deps: RolloutDeps, ctx: RolloutContext): Promise<PerformedWith> {
  let current = state;
  if (batch.stopFirst > 0) current = await dropOld(batch.stopFirst, current, deps);
  if (batch.start > 0) {
    const route = await deps.router.route(state.application, state.environment);
    const exclude = new Set([...routedTargets(route), ...current.fresh]);
    const reused = leftBehind(state.release, state.application, state.environment, exclude, deps).slice(0, batch.start);
    const started = await startSide(state.release, current, batch.start, reused, deps, ctx);
    if (!started.ok) {
      const detail = started.detail ? { detail: started.detail } : {};
      return { state: current, event: { kind: 'batch_failed', reason: started.reason, ...detail, fresh: current.fresh, old: current.old } };
    }
    current = await applyRoute({ stable: 'both' }, { ...current, fresh: [...current.fresh, ...started.targets] }, deps);
  }
  if (batch.stopAfter > 0) current = await dropOld(batch.stopAfter, current, deps);
  return { state: current, event: { kind: 'batch_done', fresh: current.fresh, old: current.old } };
}

/** Takes `count` old instances out of the route, then stops them once drained. */
async function dropOld(count: number, state: RolloutState, deps: RolloutDeps): Promise<RolloutState> {
  const leaving = state.old.slice(0, count);
  const next = await applyRoute({ stable: 'both' }, { ...state, old: state.old.slice(count) }, deps);
  await retire(instancesAt(leaving, state.application, state.environment, deps), deps);
  return next;
}
