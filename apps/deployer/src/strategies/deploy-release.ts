import type { RolloutProgressed } from '@jetway/contracts';
import type { DeployInput, DeployResult } from '../use-cases/deploy.types';
import { sideOf } from './release-label';
import { alreadyServing, infoOf, installOrReason, instancesAt, NOTHING_TO_DO, recordRelease, specOf } from './release-steps';
import { firstState, MACHINES, reconcile, servingNow, settleLeftovers } from './begin-rollout';
import { recreateDeploy } from './recreate/recreate.strategy';
import type { RolloutContext, RolloutDeps } from './rollout.deps';
import type { ReleaseSide, RolloutState } from './rollout.types';
import { applyRoute } from './runner/routes';
import { holdingMoves, published } from './runner/progress';
import { endedByRelease, runRollout, type RolloutOutcome } from './runner/run-rollout';

/**
 * One deploy step attempt with the requested strategy. A redelivered trigger whose rollout is
 * recorded continues it from its recorded phase, stage and weight (routing them again first, for
 * a router that lost them); a deploy that changes nothing says so; otherwise a clean slate, the
 * artifact installed, and the strategy's machine run to its end.
 */
export async function deployRelease(input: DeployInput, deps: RolloutDeps, signal?: AbortSignal): Promise<DeployResult> {
  const ctx: RolloutContext = { input, touched: [], ...(signal ? { signal } : {}) };
  const { application, environment } = input;
  const recorded = await deps.rollouts.get(application, environment);
  if (recorded && sameAttempt(recorded, input) && recorded.strategy !== 'recreate') return resume(recorded, deps, ctx);

  const current = await deps.releases.get(application, environment);
  const serving = await alreadyServing(input, current, deps);
  if (serving) {
    const what = { run_id: input.run_id, application, environment, side: { digest: input.digest, spec: specOf(input.platform_config) }, strategy: input.strategy, targets: serving.map((i) => i.target) };
    return { outcome: 'succeeded', release: await recordRelease(what, current, deps), reason: NOTHING_TO_DO, instances: serving };
  }
  await settleLeftovers(input, deps);
  const installFailure = await installOrReason(input, deps);
  const before = await servingNow(input, current, deps);
  if (installFailure) {
    return before.side ? { outcome: 'rolled_back', reason: `${installFailure}; the previous release keeps serving`, instances: [] } : { outcome: 'failed', reason: installFailure, instances: [] };
  }
  if (input.strategy === 'recreate') return recreateDeploy(sideOf(input.digest, specOf(input.platform_config)), before, current, deps, ctx);

  const first = firstState(input, before, input.strategy, deps.now().getTime());
  // The `started` move goes out only for a rollout still going after a second, or before its next
  // move; the last move goes with the step's finished.
  const progress = holdingMoves(deps.progress);
  const held = { ...deps, progress };
  try {
    const state = await published(first, { phase: 'started', message: startWords(first, before.side) }, held);
    await deps.rollouts.put(state);
    return withLastMove(resultOf(await runRollout(MACHINES[input.strategy].machine, state, held, ctx), ctx), await progress.settle());
  } finally {
    await progress.settle();
  }
}

function withLastMove(result: DeployResult, move: RolloutProgressed | undefined): DeployResult {
  return move ? { ...result, last_move: move } : result;
}

/** `canary rollout of release 2423eb8eec66-1a2b3c4d began (replacing 2423eb8eec66-9f8e7d6c: same artifact, another run spec)`. */
function startWords(state: RolloutState, stable: ReleaseSide | undefined): string {
  const head = `${state.strategy.replace('_', '-')} rollout of release ${state.release.label} began`;
  if (!stable) return `${head} (first release)`;
  return `${head} (replacing ${stable.label}${stable.digest === state.release.digest ? ': same artifact, another run spec' : ''})`;
}

function sameAttempt(state: RolloutState, input: DeployInput): boolean {
  return state.run_id === input.run_id && state.step_id === input.step_id && state.attempt === input.attempt;
}

async function resume(recorded: RolloutState, deps: RolloutDeps, ctx: RolloutContext): Promise<DeployResult> {
  if (recorded.strategy === 'recreate') throw new Error('a recreate deploy keeps no rollout state');
  const state = await endedByRelease(await reconcile(recorded, deps), deps);
  ctx.touched.push(...instancesAt(state.fresh, state.application, state.environment, deps));
  const routed = state.route && state.phase !== 'done' ? await applyRoute(state.route, state, deps) : state;
  const progress = holdingMoves(deps.progress, 0);
  try {
    return withLastMove(resultOf(await runRollout(MACHINES[recorded.strategy].machine, routed, { ...deps, progress }, ctx), ctx), await progress.settle());
  } finally {
    await progress.settle();
  }
}

function resultOf(outcome: RolloutOutcome, ctx: RolloutContext): DeployResult {
  const { end, release } = outcome;
  if (end.outcome === 'succeeded') {
    if (!release) throw new Error('a rollout succeeded without recording its release');
    return { outcome: 'succeeded', release, ...(end.reason ? { reason: end.reason } : {}), instances: ctx.touched };
  }
  return { outcome: end.outcome, reason: end.reason ?? `the rollout ended ${end.outcome}`, instances: ctx.touched };
}

export { infoOf };
