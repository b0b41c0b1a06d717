import type { Environment } from '@jetway/contracts';
import type { DeployDeps } from '../../use-cases/deploy.types';
import { instancesAt, retire, routedTargets } from '../release-steps';
import type { RolloutStore, WarmSet } from '../rollout-store.port';

/** Runs a task in the queue of (application, environment), so a scale-down never interleaves with a rollout or a rollback there. */
export type Serialise = <T>(key: string, task: () => Promise<T>) => Promise<T>;

/**
 * Stops the warm old set of (application, environment) once its scale-down delay has passed —
 * unless it serves again (a rollback switched back to it) — and forgets it. Read again inside
 * the queue: a rollback or a new rollout may have used or replaced it meanwhile.
 */
export async function scaleDown(application: string, environment: Environment, deps: Pick<DeployDeps, 'router' | 'runtime' | 'now'> & { rollouts: RolloutStore }): Promise<boolean> {
  const warm = await deps.rollouts.warm(application, environment);
  if (!warm || warm.until > deps.now().getTime()) return false;
  const routed = routedTargets(await deps.router.route(application, environment));
  await retire(instancesAt(warm.targets, application, environment, deps).filter((i) => !routed.has(i.target)), deps);
  await deps.rollouts.deleteWarm(application, environment);
  return true;
}

/**
 * The rollout store with a timer per warm set: a set written by a blue-green promotion is
 * scaled down when its delay ends; `resume()` schedules the sets a previous deployer left (its
 * timers died with it). Timers do not keep the process alive; `close()` clears them.
 */
export class ScaleDownSchedule {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly deps: Pick<DeployDeps, 'router' | 'runtime' | 'now'> & { rollouts: RolloutStore },
    private readonly serialise: Serialise,
    private readonly onError: (warm: WarmSet, error: unknown) => void,
  ) {}

  /** The store to give the rollouts: writing a warm set schedules its scale-down. */
  store(): RolloutStore {
    const inner = this.deps.rollouts;
    return Object.assign(Object.create(inner) as RolloutStore, {
      putWarm: async (warm: WarmSet) => {
        await inner.putWarm(warm);
        this.schedule(warm);
      },
    });
  }

  async resume(): Promise<number> {
    const sets = await this.deps.rollouts.listWarm();
    sets.forEach((warm) => this.schedule(warm));
    return sets.length;
  }

  schedule(warm: WarmSet): void {
    const key = `${warm.application}/${warm.environment}`;
    clearTimeout(this.timers.get(key));
    const delay = Math.max(0, warm.until - this.deps.now().getTime()) + 50;
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.serialise(key, () => scaleDown(warm.application, warm.environment, this.deps)).catch((error: unknown) => this.onError(warm, error));
    }, delay);
    timer.unref();
    this.timers.set(key, timer);
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
