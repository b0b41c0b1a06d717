import type { AnalysisResult, SuccessCriteria } from '@jetway/contracts';
import { abortEnded, abortWith, endOf, finishWith, interrupted, promoteCommand, startFailed, to, unexpected } from '../machine-steps';
import type { Effect, RolloutEvent, RolloutMachine, RolloutState, Transition } from '../rollout.types';
import { analysisWords, commandWords, shortDigest } from '../rollout-words';

// Blue-green: the new (green) set starts beside the serving (blue) one and answers only on the
// preview URL. Pre-promotion analysis measures it there — on traffic the deployer itself sends
// through the preview URL (a steady probe of `/` and the health path), because nobody else
// knows that URL; a failure stops it, an inconclusive result pauses for a person. Promotion is
// automatic `auto_promote_seconds` after the preview went live, or waits for `promote`. Then
// one route switch moves all traffic; post-promotion analysis measures the new set on real
// traffic while the old set stays running, unrouted, and a failure switches back at once. The
// step ends there; the old set stays warm for `scale_down_delay_seconds` after promotion, so a
// rollback inside that window is a switch, not a redeploy.

/** Blue-green has no criteria of its own in the request: these are the spec's first canary step's. */
export const BLUE_GREEN_CRITERIA: SuccessCriteria = { error_rate: 0.01, latency_p99_ms: 500 };
/** Pre- and post-promotion analysis last this many analysis intervals. */
export const ANALYSIS_INTERVALS = 3;

export const blueGreenMachine: RolloutMachine = { decide, apply };

function windowMs(state: RolloutState): number {
  return ANALYSIS_INTERVALS * state.rollout.analysis.interval_seconds * 1_000;
}

function decide(state: RolloutState): Effect {
  const bg = state.rollout.blue_green;
  switch (state.phase) {
    case 'starting':
      return { kind: 'start' };
    case 'previewing':
      return { kind: 'route', route: { stable: 'old', preview: true } };
    case 'pre_analysis':
      return { kind: 'analyse', criteria: BLUE_GREEN_CRITERIA, untilMs: state.since + windowMs(state), probe: true };
    case 'awaiting':
      return bg.auto_promote ? { kind: 'wait', untilMs: state.since + bg.auto_promote_seconds * 1_000 } : { kind: 'wait' };
    case 'paused':
      return { kind: 'wait' };
    case 'promoting':
      return { kind: 'route', route: { stable: 'fresh' } };
    case 'post_analysis':
      return { kind: 'analyse', criteria: BLUE_GREEN_CRITERIA, untilMs: state.since + windowMs(state), probe: false };
    case 'aborting':
      return { kind: 'route', route: { stable: 'old' } };
    case 'cleaning':
      return { kind: 'retire', which: 'fresh' };
    case 'done':
      return { kind: 'finish', end: endOf(state) };
    default:
      throw new Error(`a blue-green rollout has no phase '${state.phase}'`);
  }
}

function apply(state: RolloutState, event: RolloutEvent, nowMs: number): Transition {
  const stopped = interrupted(state, event, `blue-green ${phaseWords(state)}`, nowMs);
  if (stopped) return stopped;
  switch (state.phase) {
    case 'starting':
      if (event.kind === 'start_failed') return startFailed(state, event.reason, event.detail);
      if (event.kind !== 'started') return unexpected(state, event);
      if (!state.stable) return to(state, { phase: 'promoting', fresh: event.targets }, { phase: 'started', message: 'first release: nothing serves yet; it is switched on directly' });
      return to(state, { phase: 'previewing', fresh: event.targets }, { phase: 'started', message: `new set healthy (${event.targets.length} instances); on the preview URL next` });
    case 'previewing':
      return event.kind === 'routed' ? previewLive(state, nowMs) : unexpected(state, event);
    case 'pre_analysis':
      return preAnalysed(state, event, nowMs);
    case 'awaiting':
    case 'paused':
      return waited(state, event, nowMs);
    case 'promoting':
      return event.kind === 'routed' ? switched(state, nowMs) : unexpected(state, event);
    case 'post_analysis':
      return postAnalysed(state, event, nowMs);
    case 'aborting':
      return event.kind === 'routed' ? to(state, { phase: 'cleaning', weight: 0 }) : unexpected(state, event);
    case 'cleaning':
      return event.kind === 'retired' ? abortEnded(state) : unexpected(state, event);
    default:
      return unexpected(state, event);
  }
}

function previewLive(state: RolloutState, nowMs: number): Transition {
  const live = { ...state, since: nowMs, weight: 0 };
  if (!state.rollout.blue_green.pre_promotion_analysis) return awaitPromotion(live, 'new set on the preview URL; no pre-promotion analysis');
  return to(live, { phase: 'pre_analysis' }, { phase: 'weight', message: 'new set on the preview URL; pre-promotion analysis on it' });
}

function preAnalysed(state: RolloutState, event: RolloutEvent, nowMs: number): Transition {
  const promote = promoteCommand(event);
  if (promote) return to(state, { phase: 'promoting' }, { phase: 'analysis', message: `${commandWords(promote)} during pre-promotion analysis: promoting` });
  if (event.kind !== 'analysed') return unexpected(state, event);
  const { result } = event;
  if (result.verdict === 'pass') return awaitPromotion(state, `pre-promotion analysis ${analysisWords(result)}`, result);
  if (result.verdict === 'inconclusive') {
    const reason = `pre-promotion analysis ${analysisWords(result)}; paused for a person (jetway promote or abort), never promoted without a verdict`;
    return to(state, { phase: 'paused', reason }, { phase: 'paused', message: reason, analysis: result });
  }
  return abortWith(state, `blue-green pre-promotion analysis ${analysisWords(result)}`, nowMs, result);
}

/** Analysis passed (or was skipped): promote automatically after the delay, or pause for a person. */
function awaitPromotion(state: RolloutState, why: string, analysis?: AnalysisResult): Transition {
  const bg = state.rollout.blue_green;
  const measured = analysis ? { analysis } : {};
  if (bg.auto_promote) {
    return to(state, { phase: 'awaiting' }, { phase: analysis ? 'analysis' : 'weight', message: `${why}; promoting ${bg.auto_promote_seconds} s after the preview went live`, ...measured });
  }
  const reason = `${why}; waiting for jetway promote (auto_promote is off)`;
  return to(state, { phase: 'paused', reason }, { phase: 'paused', message: reason, ...measured });
}

function waited(state: RolloutState, event: RolloutEvent, nowMs: number): Transition {
  const promote = promoteCommand(event);
  if (promote) return to(state, { phase: 'promoting', reason: undefined }, { phase: 'analysis', message: `${commandWords(promote)}: promoting` });
  if (event.kind === 'waited' && state.phase === 'awaiting') return to(state, { phase: 'promoting', since: nowMs }, { phase: 'analysis', message: 'auto-promotion: promoting' });
  return unexpected(state, event);
}

function switched(state: RolloutState, nowMs: number): Transition {
  const warm = state.rollout.blue_green.scale_down_delay_seconds;
  const post = state.rollout.blue_green.post_promotion_analysis && state.stable;
  const kept = state.stable ? `; the old set stays warm for ${warm} s` : '';
  const message = `promoted: the new release serves all traffic${kept}${post ? '; post-promotion analysis next' : ''}`;
  if (post) return to(state, { phase: 'post_analysis', since: nowMs, weight: 100 }, { phase: 'promoted', message });
  return finishWith({ ...state, weight: 100 }, { outcome: 'succeeded', record: true, keepWarmSeconds: warm }, { phase: 'promoted', message });
}

function postAnalysed(state: RolloutState, event: RolloutEvent, nowMs: number): Transition {
  const warm = state.rollout.blue_green.scale_down_delay_seconds;
  const end = { outcome: 'succeeded' as const, record: true, keepWarmSeconds: warm };
  const promote = promoteCommand(event);
  if (promote) return finishWith(state, end, { phase: 'completed', message: `post-promotion analysis ended early: ${commandWords(promote)}` });
  if (event.kind !== 'analysed') return unexpected(state, event);
  const { result } = event;
  if (result.verdict === 'pass' || result.verdict === 'inconclusive') {
    const kept = result.verdict === 'inconclusive' ? '; kept the new release (it already serves; a rollback inside the warm window is a switch)' : '';
    return finishWith(state, end, { phase: 'completed', message: `post-promotion analysis ${analysisWords(result)}${kept}`, analysis: result });
  }
  const reason = `blue-green post-promotion analysis ${analysisWords(result)}; switched back: the previous release ${shortDigest(state.stable?.digest ?? '')} serves all traffic again`;
  return to(state, { phase: 'aborting', reason, since: nowMs }, { phase: 'aborted', message: reason, analysis: result });
}

function phaseWords(state: RolloutState): string {
  return state.phase.replace('_', '-');
}
