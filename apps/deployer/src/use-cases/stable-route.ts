import { labelOf } from '../strategies/release-label';
import type { Instance } from './release-runtime.port';
import type { Route } from './weighted-router.port';

// The route of a release served by one set of instances, as rolling, recreate and restore set it.

/** All traffic to `instances`, each backend labelled with the release it runs. */
export function stableRoute(instances: readonly Instance[]): Route {
  return { stable: instances.map((i) => ({ target: i.target, release: labelOf(i) })) };
}

/** The targets of a route's stable set (none without a route). */
export function stableTargets(route: Route | undefined): string[] {
  return route?.stable.map((b) => b.target) ?? [];
}

/** Every target a route sends traffic to: stable, canary and preview sets. */
export function allTargets(route: Route | undefined): Set<string> {
  if (!route) return new Set();
  return new Set([...route.stable, ...(route.canary?.backends ?? []), ...(route.preview ?? [])].map((b) => b.target));
}
