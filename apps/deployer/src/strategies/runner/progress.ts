import type { RolloutProgressed } from '@jetway/contracts';
import type { RolloutDeps } from '../rollout.deps';
import type { ProgressNote, RolloutState } from '../rollout.types';

const MESSAGE_MAX = 2_000;

/** The progress event of a move: the note's words and the state's weight, stage and sequence. */
export function progressEvent(state: RolloutState, note: ProgressNote, previewUrl: string | undefined): RolloutProgressed {
  const message = note.message.length > MESSAGE_MAX ? `${note.message.slice(0, MESSAGE_MAX - 1)}…` : note.message;
  const previewing = state.strategy === 'blue_green' && ['previewing', 'pre_analysis', 'awaiting', 'paused'].includes(state.phase);
  return {
    run_id: state.run_id,
    step_id: state.step_id,
    attempt: state.attempt,
    application: state.application,
    environment: state.environment,
    strategy: state.strategy,
    sequence: state.sequence,
    phase: note.phase,
    weight: servedWeight(state),
    stage: state.stage,
    ...(note.analysis ? { analysis: note.analysis } : {}),
    message,
    ...(previewing && previewUrl ? { preview_url: previewUrl } : {}),
  };
}

/** The share of the stable URL's traffic the new release gets now: what the last route set says. */
export function servedWeight(state: RolloutState): number {
  const route = state.route;
  if (!route || route.stable === 'old') return route?.canary !== undefined ? clamp(route.canary) : 0;
  return route.stable === 'fresh' ? 100 : clamp(state.weight);
}

function clamp(weight: number): number {
  return Math.max(0, Math.min(100, Math.round(weight)));
}

/** Publishes a move, numbered one after the state's last: the state to write carries the new number. */
export async function published(state: RolloutState, note: ProgressNote, deps: Pick<RolloutDeps, 'progress' | 'router'>): Promise<RolloutState> {
  const next = { ...state, sequence: state.sequence + 1 };
  await deps.progress.publish(progressEvent(next, note, deps.router.previewUrlFor(state.application, state.environment)));
  return next;
}
