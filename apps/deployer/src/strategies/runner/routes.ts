import type { Route, RouteBackend } from '../../use-cases/weighted-router.port';
import type { RolloutDeps } from '../rollout.deps';
import { labelOf } from '../release-label';
import { instancesAt } from '../release-steps';
import type { RolloutState, RoutePlan } from '../rollout.types';

// A route plan names sets ("the old set as stable, the new one as a 25 % canary"); the route
// names backends, each labelled with the release it runs (the router's metrics carry it).
// Instances that are gone (crashed) are left out rather than routed to.

export function backendsAt(targets: readonly string[], state: RolloutState, deps: Pick<RolloutDeps, 'runtime'>): RouteBackend[] {
  return instancesAt(targets, state.application, state.environment, deps).map((i) => ({ target: i.target, release: labelOf(i) }));
}

export function routeFor(plan: RoutePlan, state: RolloutState, deps: Pick<RolloutDeps, 'runtime'>): Route {
  const fresh = backendsAt(state.fresh, state, deps);
  const old = backendsAt(state.old, state, deps);
  const stable = plan.stable === 'old' ? old : plan.stable === 'fresh' ? fresh : [...fresh, ...old];
  return {
    stable,
    ...(plan.canary !== undefined ? { canary: { backends: fresh, weight: plan.canary } } : {}),
    ...(plan.preview ? { preview: fresh } : {}),
  };
}

/** Sets the route and remembers the plan in the state (what a restarted deployer routes again). */
export async function applyRoute(plan: RoutePlan, state: RolloutState, deps: Pick<RolloutDeps, 'runtime' | 'router'>): Promise<RolloutState> {
  await deps.router.setRoute(state.application, state.environment, routeFor(plan, state, deps));
  return { ...state, route: plan };
}
