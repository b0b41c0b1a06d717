import type { ReleaseInfo } from '@jetway/contracts';
import type { RolloutContext, RolloutDeps } from '../rollout.deps';
import { instancesAt, recordRelease, retire } from '../release-steps';
import type { RolloutEnd, RolloutMachine, RolloutState, Transition } from '../rollout.types';
import { perform } from './perform';
import { published } from './progress';

/** How a rollout ended: its end, its last state, and the release recorded (when it was). */
export interface RolloutOutcome {
  readonly end: RolloutEnd;
  readonly state: RolloutState;
  readonly release?: ReleaseInfo;
}

/**
 * Drives a machine to its end: the effect the state asks for, performed; the machine's answer
 * to its result; the move published and the new state written to KV before the next effect.
 * A progress event goes out before its state is written: a crash between the two repeats the
 * move with the same sequence, which the broker drops as a duplicate — never a lost event.
 * A successful end that records the release is not written: the release record is its mark
 * (see `markedByRelease`).
 */
export async function runRollout(machine: RolloutMachine, initial: RolloutState, deps: RolloutDeps, ctx: RolloutContext): Promise<RolloutOutcome> {
  let state = initial;
  for (;;) {
    const effect = machine.decide(state);
    if (effect.kind === 'finish') return finish(state, effect.end, deps, ctx);
    const performed = await perform(effect, state, deps, ctx);
    const transition = machine.apply(performed.state, performed.event, deps.now().getTime());
    state = await commit(transition, performed.commandRevision, deps);
  }
}

/** Publishes the move (if it says something) and writes the state, unless the release record will mark it. */
export async function commit(transition: Transition, commandRevision: number | undefined, deps: RolloutDeps): Promise<RolloutState> {
  let state = commandRevision === undefined ? transition.state : { ...transition.state, command_revision: commandRevision };
  if (transition.progress) state = await published(state, transition.progress, deps);
  if (!endMarkedByRelease(state)) await deps.rollouts.put(state);
  return state;
}

/**
 * A successful end that records the release and keeps no warm set needs no state write of its
 * own: `finish` writes the release with this run's id, and a trigger repeated after that finds
 * it (`endedByRelease`) and finishes again without moving; repeated before it, the last effect
 * is performed again, harmless as after any crash. Other ends are written.
 */
function markedByRelease(end: RolloutEnd): boolean {
  return end.outcome === 'succeeded' && end.record && !end.keepWarmSeconds;
}

/** A `done` state whose end `markedByRelease`: the one state that is not written. */
function endMarkedByRelease(state: RolloutState): boolean {
  return state.phase === 'done' && state.end !== undefined && markedByRelease(state.end);
}

/**
 * A recorded rollout whose release this run already recorded, as the successful end it reached.
 * Only an end `markedByRelease` gets here: any other end is written (`commit`) before `finish`
 * records the release, so its state is `done` already — a warm set is never lost this way.
 */
export async function endedByRelease(state: RolloutState, deps: Pick<RolloutDeps, 'releases'>): Promise<RolloutState> {
  if (state.phase === 'done') return state;
  const current = await deps.releases.get(state.application, state.environment);
  if (current?.run_id !== state.run_id || current.digest !== state.release.digest) return state;
  return { ...state, phase: 'done', end: { outcome: 'succeeded', record: true } };
}

/**
 * The way out: record the release (with `previous` pointing at what it replaced), then keep
 * the old set warm (blue-green: until the scale-down delay ends) or stop what is left of it,
 * and write the state as done (unless the release record marks it), so a redelivered trigger
 * gets the same end without moving again.
 */
async function finish(state: RolloutState, end: RolloutEnd, deps: RolloutDeps, ctx: RolloutContext): Promise<RolloutOutcome> {
  const { application, environment } = state;
  let release: ReleaseInfo | undefined;
  if (end.record) {
    const current = await deps.releases.get(application, environment);
    release = await recordRelease({ run_id: state.run_id, application, environment, side: state.release, strategy: ctx.input.recordAs ?? state.strategy, targets: state.fresh }, current, deps);
  }
  if (end.outcome === 'succeeded' && state.stable) {
    const old = instancesAt(state.old, application, environment, deps).filter((i) => !state.fresh.includes(i.target));
    if (end.keepWarmSeconds && old.length > 0) {
      const until = deps.now().getTime() + end.keepWarmSeconds * 1_000;
      await deps.rollouts.putWarm({ application, environment, side: state.stable, targets: old.map((i) => i.target), until, replaced_by: state.release.digest });
    } else {
      await retire(old, deps);
    }
  }
  const done: RolloutState = { ...state, phase: 'done', end };
  // A state that reached `done` before (a repeated trigger) is written already.
  if ((state.phase !== 'done' || !state.end) && !endMarkedByRelease(done)) await deps.rollouts.put(done);
  return { end, state: done, ...(release ? { release } : {}) };
}
