import { startHealthy } from '../../use-cases/start-healthy';
import type { RolloutContext, RolloutDeps } from '../rollout.deps';
import { refOf, targetsOf } from '../release-steps';
import { stopping } from './waits';
import type { ReleaseSide, RolloutState } from '../rollout.types';

/** A failed start says why in one line, and `detail` (an exited instance's last stderr lines) when there is one. */
export type SideStart = { readonly ok: true; readonly targets: string[] } | { readonly ok: false; readonly reason: string; readonly detail?: string };

/** Brings `count` instances of one side up (counting `reused` ones), health-gated; records what it touched. */
export async function startSide(side: ReleaseSide, state: RolloutState, count: number, reused: RolloutContext['touched'], deps: RolloutDeps, ctx: RolloutContext): Promise<SideStart> {
  const { run, health_check: check } = side.spec;
  const plan = { run, count, check, deadlineMs: ctx.input.healthDeadlineMs, reused, key: startKey(state, side), ...(ctx.signal ? { signal: ctx.signal } : {}) };
  const started = await startHealthy(refOf(state.application, state.environment, side.digest), plan, deps);
  ctx.touched.push(...started.instances.filter((i) => !ctx.touched.includes(i)));
  if (!started.ok && ctx.signal?.aborted) throw stopping();
  if (started.ok) return { ok: true, targets: targetsOf(started.instances) };
  return { ok: false, reason: started.reason, ...(started.detail ? { detail: started.detail } : {}) };
}


/**
 * Names one start of one rollout: its step attempt, the phase and stage it starts in, and the
 * release it starts. A move is performed again only when the state that follows it was not
 * written, so the same key means the same start, and a new move always has a new key.
 */
export function startKey(state: Pick<RolloutState, 'run_id' | 'step_id' | 'attempt' | 'phase' | 'stage'>, side: Pick<ReleaseSide, 'digest'>): string {
  return [state.run_id, state.step_id, state.attempt, state.phase, state.stage, side.digest].join('/');
}
