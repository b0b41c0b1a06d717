import type { CanaryStep, SuccessCriteria } from '@jetway/contracts';
import { abortEnded, abortWith, endOf, finishWith, interrupted, promoteCommand, startFailed, to, unexpected } from '../machine-steps';
import type { Effect, RolloutEvent, RolloutMachine, RolloutState, Transition } from '../rollout.types';
import { analysisWords, canaryStepWords, commandWords } from '../rollout-words';

// Canary: the new set starts beside the stable one (health-gated, no traffic), then takes each
// step's share of the stable URL's requests for the step's duration while analysis measures it
// against the step's success criteria. A pass moves to the next step (or pauses at a manual
// approval point until `promote`); a failure or `abort` sets the weight to 0 and stops the new
// set (`rolled_back`); an inconclusive analysis (too few requests) pauses for a person and never
// promotes. `promote` skips the rest of a step or ends a pause. At 100 % the new set becomes the
// stable set and the old one stops.

export const canaryMachine: RolloutMachine = { decide, apply };

function decide(state: RolloutState): Effect {
  switch (state.phase) {
    case 'starting':
      return { kind: 'start' };
    case 'shifting':
      return { kind: 'route', route: { stable: 'old', canary: state.weight } };
    case 'analysing':
      return { kind: 'analyse', criteria: criteriaAt(state.rollout.canary.steps, state.stage), untilMs: state.since + stepOf(state).duration_seconds * 1_000, probe: false };
    case 'paused':
      return { kind: 'wait' };
    case 'promoting':
      return { kind: 'route', route: { stable: 'fresh' } };
    case 'retiring':
      return { kind: 'retire', which: 'old' };
    case 'aborting':
      return { kind: 'route', route: { stable: 'old' } };
    case 'cleaning':
      return { kind: 'retire', which: 'fresh' };
    case 'done':
      return { kind: 'finish', end: endOf(state) };
    default:
      throw new Error(`a canary rollout has no phase '${state.phase}'`);
  }
}

function apply(state: RolloutState, event: RolloutEvent, nowMs: number): Transition {
  const stopped = interrupted(state, event, `canary ${canaryStepWords(state)}`, nowMs);
  if (stopped) return stopped;
  switch (state.phase) {
    case 'starting':
      if (event.kind === 'start_failed') return startFailed(state, event.reason, event.detail);
      if (event.kind !== 'started') return unexpected(state, event);
      if (!state.stable) return to(state, { phase: 'promoting', fresh: event.targets, weight: 100 }, { phase: 'started', message: 'first release: no stable release to compare with; it serves directly' });
      return moved(shiftTo({ ...state, fresh: event.targets }, 0, nowMs, `new set healthy (${event.targets.length} instances)`), 'started');
    case 'shifting':
      if (event.kind !== 'routed') return unexpected(state, event);
      return weightSet(state, nowMs);
    case 'analysing':
      return analysed(state, event, nowMs);
    case 'paused': {
      const promote = promoteCommand(event);
      return promote ? moved(advance(state, nowMs, `${commandWords(promote)} at ${canaryStepWords(state)}`), 'weight') : unexpected(state, event);
    }
    case 'promoting':
      if (event.kind !== 'routed') return unexpected(state, event);
      return to(state, { phase: 'retiring', weight: 100, since: nowMs }, { phase: 'promoted', message: `promoted: the new release serves all traffic; the old set stops` });
    case 'retiring':
      if (event.kind !== 'retired') return unexpected(state, event);
      return finishWith(state, { outcome: 'succeeded', record: true }, { phase: 'completed', message: 'canary completed' });
    case 'aborting':
      if (event.kind !== 'routed') return unexpected(state, event);
      return to(state, { phase: 'cleaning', weight: 0 });
    case 'cleaning':
      return event.kind === 'retired' ? abortEnded(state) : unexpected(state, event);
    default:
      return unexpected(state, event);
  }
}

/** The weight of the step is served: measure it for its duration, or move on at once. */
function weightSet(state: RolloutState, nowMs: number): Transition {
  const message = `canary at ${state.weight} % of requests: step ${state.stage + 1} of ${state.rollout.canary.steps.length}`;
  if (stepOf(state).duration_seconds > 0) return to(state, { phase: 'analysing', since: nowMs }, { phase: 'weight', message });
  const next = afterAnalysis(state, nowMs, message);
  return to(next.state, {}, { phase: next.paused ? 'paused' : 'weight', message: next.message });
}

function analysed(state: RolloutState, event: RolloutEvent, nowMs: number): Transition {
  const promote = promoteCommand(event);
  if (promote) return moved(advance(state, nowMs, `${commandWords(promote)}: skipped the rest of ${canaryStepWords(state)}`), 'weight');
  if (event.kind !== 'analysed') return unexpected(state, event);
  const { result } = event;
  const where = `canary ${canaryStepWords(state)}`;
  if (result.verdict === 'pass') {
    const next = afterAnalysis(state, nowMs, `${where}: analysis passed`); // its measurements travel with the event
    return to(next.state, {}, { phase: next.paused ? 'paused' : 'analysis', message: next.message, analysis: result });
  }
  if (result.verdict === 'inconclusive') {
    const reason = `${where}: analysis ${analysisWords(result)}; paused for a person (jetway promote or abort), never promoted without a verdict`;
    return to(state, { phase: 'paused', reason, since: nowMs }, { phase: 'paused', message: `${reason}; the canary keeps ${state.weight} %`, analysis: result });
  }
  return abortWith(state, `${where}: analysis ${analysisWords(result)}`, nowMs, result);
}

/** A move and the words for it, before the caller picks the progress phase. */
interface Move {
  readonly state: RolloutState;
  readonly message: string;
  readonly paused?: boolean;
}

function moved(move: Move, phase: 'weight' | 'started'): Transition {
  return to(move.state, {}, { phase, message: move.message });
}

/** After a step's analysis passed (`why` says how): pause at a manual approval point, else the next step. */
function afterAnalysis(state: RolloutState, nowMs: number, why: string): Move {
  if (state.rollout.canary.manual_approval_points.includes(`${state.weight}%`)) {
    const reason = `manual approval point at ${state.weight} %: waiting for jetway promote (or abort)`;
    return { state: { ...state, phase: 'paused', reason, since: nowMs }, message: `${why}; ${reason}`, paused: true };
  }
  return advance(state, nowMs, why);
}

/** The next step, or promotion after the last. */
function advance(state: RolloutState, nowMs: number, why: string): Move {
  const next = state.stage + 1;
  if (next >= state.rollout.canary.steps.length) return { state: { ...state, phase: 'promoting', since: nowMs, reason: undefined }, message: `${why}; promoting` };
  return shiftTo(state, next, nowMs, why);
}

function shiftTo(state: RolloutState, stage: number, nowMs: number, why: string): Move {
  const weight = state.rollout.canary.steps[stage]?.weight ?? 100;
  return { state: { ...state, phase: 'shifting', stage, weight, since: nowMs, reason: undefined }, message: `${why}; next: ${weight} %` };
}

function stepOf(state: RolloutState): CanaryStep {
  const step = state.rollout.canary.steps[state.stage];
  if (!step) throw new Error(`canary of ${state.application}/${state.environment} has no step ${state.stage}`);
  return step;
}

/** A step without its own success criteria is judged by the nearest earlier step's. */
export function criteriaAt(steps: readonly CanaryStep[], stage: number): SuccessCriteria {
  for (let i = Math.min(stage, steps.length - 1); i >= 0; i -= 1) {
    const criteria = steps[i]?.success_criteria;
    if (criteria) return criteria;
  }
  return {};
}
