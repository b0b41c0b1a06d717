import { setTimeout as sleep } from 'node:timers/promises';
import type { AnalysisResult } from '@jetway/contracts';
import { TransientError } from '@jetway/messaging';
import { probePreview } from '../blue-green/preview-probe';
import type { RolloutContext, RolloutDeps } from '../rollout.deps';
import type { Effect, RolloutEvent, RolloutState } from '../rollout.types';

/** An effect's result, and the revision of the command it applied (so it is applied once). */
export interface Performed {
  readonly event: RolloutEvent;
  readonly commandRevision?: number;
}

const DEFAULT_POLL_MS = 250;

/** An analysis that could not run at all (a provider it cannot build) is an `error`: the rollout aborts rather than guess. */
function couldNotRun(state: RolloutState, error: unknown): AnalysisResult {
  const why = error instanceof Error ? error.message : String(error);
  return { provider: state.rollout.analysis.provider, verdict: 'error', requests: 0, measurements: [], message: `the analysis could not run: ${why}`.slice(0, 1_000) };
}

/** The deployer is stopping: the rollout's state stays in KV and the redelivered trigger resumes it. */
export function stopping(): TransientError {
  return new TransientError('the deployer is stopping: the rollout resumes from its recorded state on the next delivery');
}

/**
 * Waits for the first of: an operator's command for this rollout attempt (newer than the last
 * applied), the step's deadline, `untilMs` (when given). Commands are read from the store, so
 * they reach the rollout whichever deployer took them.
 */
export async function watch(state: RolloutState, deps: RolloutDeps, untilMs: number | undefined, signal: AbortSignal | undefined): Promise<Performed> {
  const poll = deps.commandPollMs ?? DEFAULT_POLL_MS;
  for (;;) {
    if (signal?.aborted) throw stopping();
    const stored = await deps.rollouts.command(state);
    if (stored && stored.revision > state.command_revision) {
      const { command, by, comment } = stored.command;
      return { event: { kind: 'command', command: { command, by, ...(comment ? { comment } : {}) } }, commandRevision: stored.revision };
    }
    const now = deps.now().getTime();
    if (state.deadline !== undefined && now >= state.deadline) return { event: { kind: 'deadline' } };
    if (untilMs !== undefined && now >= untilMs) return { event: { kind: 'waited' } };
    const next = Math.min(poll, ...[untilMs, state.deadline].filter((t): t is number => t !== undefined).map((t) => Math.max(1, t - now)));
    await sleep(next, undefined, signal ? { signal } : {}).catch(() => undefined);
  }
}

/**
 * Runs one analysis while watching for commands and the deadline: whichever comes first
 * decides, and the other is stopped. A probe sends traffic through the preview URL meanwhile
 * when the effect asks for it (blue-green before promotion).
 */
export async function analyseWatching(effect: Extract<Effect, { kind: 'analyse' }>, state: RolloutState, deps: RolloutDeps, ctx: RolloutContext): Promise<Performed> {
  const stop = new AbortController();
  const onStopping = () => stop.abort();
  ctx.signal?.addEventListener('abort', onStopping);
  const probe = effect.probe ? probePreview(deps.router.previewUrlFor(state.application, state.environment), state.release.spec.health_check.path, deps.httpGet, stop.signal) : Promise.resolve();
  try {
    const analysis = deps.analysis
      .analyse({
        application: state.application,
        environment: state.environment,
        release: state.release.label,
        ...(state.stable ? { baseline: state.stable.label } : {}),
        criteria: effect.criteria,
        spec: state.rollout.analysis,
        untilMs: effect.untilMs,
        signal: stop.signal,
      })
      .then((result): Performed => ({ event: { kind: 'analysed', result } }))
      .catch((error: unknown): Performed => {
        if (stop.signal.aborted) throw error;
        return { event: { kind: 'analysed', result: couldNotRun(state, error) } };
      });
    const watched = watch(state, deps, undefined, stop.signal);
    analysis.catch(() => undefined);
    watched.catch(() => undefined);
    const first = await Promise.race([analysis, watched]);
    if (ctx.signal?.aborted) throw stopping();
    return first;
  } finally {
    stop.abort();
    ctx.signal?.removeEventListener('abort', onStopping);
    await probe;
  }
}
