import type { Environment, Release } from '@jetway/contracts';
import type { DeployDeps } from './deploy.types';
import type { Instance } from './release-runtime.port';
import { runs } from './release-spec';
import { allTargets, stableRoute } from './stable-route';

/**
 * After the deployer restarts, adopted instances still run. The router process normally outlived
 * the deployer too and still serves its routes (a canary split included): those are left alone.
 * An (application, environment) the router has no backend for (its routes were lost) is routed
 * again to its instances of the release the store records as current (its digest, and its run
 * spec when the record has one). Instances of other releases (a deploy that was interrupted) stay
 * unrouted until that deploy's redelivery decides. Returns the routes restored.
 */
export async function resumeRouting(deps: Pick<DeployDeps, 'runtime' | 'router' | 'releases'>): Promise<string[]> {
  const groups = new Map<string, { application: string; environment: Environment }>();
  for (const { release } of deps.runtime.instances()) {
    groups.set(`${release.application}/${release.environment}`, release);
  }
  const restored: string[] = [];
  for (const [name, { application, environment }] of groups) {
    if (allTargets(await deps.router.route(application, environment)).size > 0) continue;
    const current = await deps.releases.get(application, environment);
    const serving = deps.runtime.running(application, environment).filter((i) => isCurrent(i, current));
    if (serving.length === 0) continue;
    await deps.router.setRoute(application, environment, stableRoute(serving));
    restored.push(name);
  }
  return restored;
}

function isCurrent(instance: Instance, current: Release | undefined): boolean {
  if (!current) return false;
  return current.spec ? runs(instance, current.digest, current.spec.run) : instance.release.digest === current.digest;
}
