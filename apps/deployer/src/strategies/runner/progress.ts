import { ROLLOUT_LAST_PHASES, type RolloutProgressed } from '@jetway/contracts';
import type { ProgressSink } from '../progress.port';
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

/** How long a rollout runs before its first move (`started`) goes out unasked. */
export const FIRST_MOVE_AFTER_MS = 1_000;

/** A progress sink that holds the first and the last move; `settle()` at the rollout's end gives the last. */
export interface HeldMoves extends ProgressSink {
  /**
   * Drops the first move if it is still held and waits for one on its way (its failure is only a
   * display lost); resolves with the last move (`completed`, `rolled_back`), which the deploy
   * step's finished carries (`last_move`) instead of an event of its own.
   */
  settle(): Promise<RolloutProgressed | undefined>;
}

/**
 * Holds a rollout's first move (`started`): it goes out once the rollout has run `afterMs`, or
 * right before the next move, whichever comes first, so the stream still tells the moves in
 * order; a rollout that ends sooner drops it, as a step done within a second publishes no
 * `started` (StepWorker). Keeps the last move (`completed`, `rolled_back`) for the deploy step's
 * finished, which follows it at once. A held move that failed to go out fails the next move's
 * publish, as it would have itself.
 */
export function holdingMoves(sink: ProgressSink, afterMs = FIRST_MOVE_AFTER_MS): HeldMoves {
  let held: RolloutProgressed | undefined;
  let last: RolloutProgressed | undefined;
  let first = true;
  let timer: NodeJS.Timeout | undefined;
  let sending: Promise<void> = Promise.resolve();
  const send = () => {
    clearTimeout(timer);
    if (!held) return sending;
    const move = held;
    held = undefined;
    sending = sink.publish(move);
    return sending;
  };
  return {
    async publish(progress) {
      if (ROLLOUT_LAST_PHASES.has(progress.phase)) {
        held = undefined;
        last = progress;
        return;
      }
      if (!first) {
        await send();
        return sink.publish(progress);
      }
      first = false;
      held = progress;
      timer = setTimeout(() => void send().catch(() => undefined), afterMs);
    },
    async settle() {
      clearTimeout(timer);
      held = undefined;
      await sending.catch(() => undefined);
      return last;
    },
  };
}
