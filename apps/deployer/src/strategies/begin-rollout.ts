import type { DeploymentStrategy, Release } from '@jetway/contracts';
import type { DeployInput } from '../use-cases/deploy.types';
import { runs, specOf } from '../use-cases/release-spec';
import type { Instance } from '../use-cases/release-runtime.port';
import { canaryMachine } from './canary/canary.machine';
import { blueGreenMachine } from './blue-green/blue-green.machine';
import { rollingMachine } from './rolling/rolling.machine';
import { releaseLabel, sideOf } from './release-label';
import { instancesAt, retire, routedTargets, targetsOf } from './release-steps';
import type { RolloutDeps } from './rollout.deps';
import type { Phase, ReleaseSide, RolloutMachine, RolloutState } from './rollout.types';
import type { Serving } from './recreate/recreate.strategy';

// Before a rollout moves: what serves, a clean slate after an aborted or abandoned rollout, and
// the first state. On a redelivery: the recorded state, checked against what still runs.

export const MACHINES: Record<Exclude<DeploymentStrategy, 'recreate'>, { machine: RolloutMachine; first: Phase }> = {
  rolling: { machine: rollingMachine, first: 'batching' },
  canary: { machine: canaryMachine, first: 'starting' },
  blue_green: { machine: blueGreenMachine, first: 'starting' },
};

/**
 * The serving set: the instances in the route's stable pool, and their release — the recorded
 * current release when they run it (its spec), else the release of the first of them (a rollout
 * interrupted before it recorded its release).
 */
export async function servingNow(input: DeployInput, current: Release | undefined, deps: RolloutDeps): Promise<Serving> {
  const route = await deps.router.route(input.application, input.environment);
  const instances = instancesAt(route?.stable.map((b) => b.target) ?? [], input.application, input.environment, deps);
  const first = instances[0];
  if (!first) return { instances };
  if (current?.spec && instances.some((i) => runs(i, current.digest, current.spec?.run ?? i.run))) return { side: sideOf(current.digest, current.spec), instances };
  const spec = { replicas: current?.spec?.replicas ?? instances.length, run: first.run, health_check: current?.spec?.health_check ?? input.platform_config.health_check };
  return { side: { digest: first.release.digest, spec, label: releaseLabel(first.release.digest, first.run) }, instances };
}

/**
 * A clean slate: a canary or preview set an aborted, abandoned or killed rollout left in the
 * route leaves it; instances nobody routes (that rollout's, a warm set the new release
 * replaces) stop — except unrouted instances of the requested release, which the start takes
 * over. The stable set keeps serving throughout.
 */
export async function settleLeftovers(input: DeployInput, deps: RolloutDeps): Promise<void> {
  const { application, environment } = input;
  const route = await deps.router.route(application, environment);
  if (route && ((route.canary?.backends.length ?? 0) > 0 || (route.preview?.length ?? 0) > 0)) {
    await deps.router.setRoute(application, environment, { stable: route.stable });
  }
  const stable = new Set(route?.stable.map((b) => b.target) ?? []);
  const stray = deps.runtime.running(application, environment).filter((i) => !stable.has(i.target) && !runs(i, input.digest, input.platform_config.run));
  await retire(stray, deps);
  if (await deps.rollouts.warm(application, environment)) await deps.rollouts.deleteWarm(application, environment);
}

export function firstState(input: DeployInput, serving: Serving, strategy: Exclude<DeploymentStrategy, 'recreate'>, nowMs: number): RolloutState {
  const release: ReleaseSide = sideOf(input.digest, specOf(input.platform_config));
  return {
    run_id: input.run_id,
    step_id: input.step_id,
    attempt: input.attempt,
    application: input.application,
    environment: input.environment,
    strategy,
    rollout: input.rollout,
    release,
    ...(serving.side ? { stable: serving.side } : {}),
    phase: MACHINES[strategy].first,
    stage: 0,
    weight: 0,
    fresh: [],
    old: targetsOf(serving.instances as Instance[]),
    sequence: 0,
    since: nowMs,
    ...(input.deadline !== undefined ? { deadline: input.deadline } : {}),
    command_revision: 0,
  };
}

/**
 * A recorded rollout, as it stands now: instances that died are dropped from its sets, and new
 * instances the router already serves (a batch routed before the deployer died) count as fresh.
 */
export async function reconcile(state: RolloutState, deps: RolloutDeps): Promise<RolloutState> {
  if (state.phase === 'done') return state;
  const { application, environment } = state;
  const routed = routedTargets(await deps.router.route(application, environment));
  const running = deps.runtime.running(application, environment);
  const alive = new Set(running.map((i) => i.target));
  const routedFresh = running.filter((i) => routed.has(i.target) && runs(i, state.release.digest, state.release.spec.run)).map((i) => i.target);
  const fresh = [...new Set([...state.fresh.filter((t) => alive.has(t)), ...routedFresh])];
  return { ...state, fresh, old: state.old.filter((t) => alive.has(t) && !fresh.includes(t)) };
}
