import type { Command, ProgressNote, RolloutEnd, RolloutEvent, RolloutState, Transition } from './rollout.types';
import { withDetail } from '../use-cases/start-healthy';
import { commandWords, stableServes } from './rollout-words';

// Moves every strategy's machine shares: abort back to the old set, finish, and the refusal of
// an event a phase does not expect (a bug, never a silent loop).

export function to(state: RolloutState, changes: Partial<RolloutState>, progress?: ProgressNote): Transition {
  return { state: { ...state, ...changes }, ...(progress ? { progress } : {}) };
}

/**
 * Take the new release out of traffic: the old set serves everything again (weight 0), then the
 * new set stops; the step ends `rolled_back` with `reason` — or `failed` when nothing served before.
 */
export function abortWith(state: RolloutState, reason: string, nowMs: number, analysis?: ProgressNote['analysis']): Transition {
  const message = `${reason}; ${state.stable ? 'aborted' : 'stopped'}: ${stableServes(state)}`;
  return to(state, { phase: 'aborting', reason: message, since: nowMs }, { phase: 'aborted', message, ...(analysis ? { analysis } : {}) });
}

export function finishWith(state: RolloutState, end: RolloutEnd, progress?: ProgressNote): Transition {
  return to(state, { phase: 'done', end, ...(end.reason ? { reason: end.reason } : {}) }, progress);
}

/** After the new set stopped: the end of an abort (`rolled_back` when the old release still serves). */
export function abortEnded(state: RolloutState): Transition {
  const reason = state.reason ?? 'aborted';
  const outcome = state.stable ? 'rolled_back' : 'failed';
  return finishWith(state, { outcome, reason, record: false }, { phase: 'rolled_back', message: reason });
}

/** The new set did not come up healthy: nothing was routed to it, the old set still serves. */
export function startFailed(state: RolloutState, reason: string, detail?: string): Transition {
  const outcome = state.stable ? 'rolled_back' : 'failed';
  const message = withDetail(`${reason}; ${state.stable ? 'the previous release keeps serving' : 'no previous release was serving'}`, detail);
  return finishWith(state, { outcome, reason: message, record: false }, { phase: 'rolled_back', message });
}

/** Abort on an operator's `abort` or the step's deadline, from any phase that waits or measures. */
export function interrupted(state: RolloutState, event: RolloutEvent, where: string, nowMs: number): Transition | undefined {
  if (event.kind === 'command' && event.command.command === 'abort') return abortWith(state, `${where}: ${commandWords(event.command)}`, nowMs);
  if (event.kind === 'deadline') return abortWith(state, `${where}: the deploy step's deadline came before the rollout could finish`, nowMs);
  return undefined;
}

export function promoteCommand(event: RolloutEvent): Command | undefined {
  return event.kind === 'command' && event.command.command === 'promote' ? event.command : undefined;
}

export function unexpected(state: RolloutState, event: RolloutEvent): never {
  throw new Error(`${state.strategy} rollout of ${state.application}/${state.environment}: no move for '${event.kind}' in phase '${state.phase}'`);
}

/** The end a `done` state recorded (a state written without one ended badly). */
export function endOf(state: RolloutState): RolloutEnd {
  return state.end ?? { outcome: 'failed', reason: state.reason ?? 'the rollout ended without an outcome', record: false };
}
