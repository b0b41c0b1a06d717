import { endOf, finishWith, to, unexpected } from '../machine-steps';
import type { Effect, RolloutEvent, RolloutMachine, RolloutState, Transition } from '../rollout.types';
import { withDetail } from '../../use-cases/start-healthy';
import { shortDigest } from '../rollout-words';
import { batchLimits, nextBatch } from './batches';

// Rolling: instances are replaced in batches (`max_surge`, `max_unavailable`), each batch
// health-gated before the router sends it traffic and before the next batch begins; old and new
// instances serve side by side meanwhile. A batch that does not come up healthy rolls the whole
// release back: the old release's stopped instances start again from its recorded spec, the old
// release alone serves, and every new instance stops (`rolled_back`).

export const rollingMachine: RolloutMachine = { decide, apply };

function decide(state: RolloutState): Effect {
  switch (state.phase) {
    case 'batching': {
      const batch = nextBatch(state.fresh.length, state.old.length, state.release.spec.replicas, batchLimits(state.rollout.rolling, state.release.spec.replicas));
      return batch ? { kind: 'batch', batch } : { kind: 'finish', end: { outcome: 'succeeded', record: true } };
    }
    case 'restoring':
      return { kind: 'restore' };
    case 'done':
      return { kind: 'finish', end: endOf(state) };
    default:
      throw new Error(`a rolling rollout has no phase '${state.phase}'`);
  }
}

function apply(state: RolloutState, event: RolloutEvent, nowMs: number): Transition {
  switch (state.phase) {
    case 'batching':
      return batched(state, event, nowMs);
    case 'restoring':
      return restored(state, event);
    default:
      return unexpected(state, event);
  }
}

function batched(state: RolloutState, event: RolloutEvent, nowMs: number): Transition {
  const replicas = state.release.spec.replicas;
  if (event.kind === 'batch_done') {
    const weight = Math.round((100 * event.fresh.length) / replicas);
    const next = { ...state, fresh: event.fresh, old: event.old, weight, stage: state.stage + 1, since: nowMs };
    const message = `batch ${state.stage + 1}: ${event.fresh.length} of ${replicas} new instances serve, ${event.old.length} old left`;
    const complete = event.fresh.length >= replicas && event.old.length === 0;
    if (complete) return finishWith(next, { outcome: 'succeeded', record: true }, { phase: 'completed', message: `${message}; rolling update completed` });
    return to(next, {}, { phase: 'weight', message });
  }
  if (event.kind !== 'batch_failed') return unexpected(state, event);
  if (!state.stable) {
    // A first release starts in one batch: nothing was replaced, nothing to roll back.
    const failed = withDetail(`${event.reason}; no previous release was serving`, event.detail);
    return finishWith({ ...state, fresh: event.fresh, old: event.old }, { outcome: 'failed', reason: failed, record: false }, { phase: 'aborted', message: failed });
  }
  const reason = `batch ${state.stage + 1} of the rolling update failed: ${event.reason}`;
  const next = { ...state, fresh: event.fresh, old: event.old, reason, ...(event.detail ? { detail: event.detail } : {}), since: nowMs };
  return to(next, { phase: 'restoring' }, { phase: 'aborted', message: `${reason}; rolling the whole release back to ${shortDigest(state.stable.digest)}` });
}

function restored(state: RolloutState, event: RolloutEvent): Transition {
  const reason = state.reason ?? 'the rolling update failed';
  if (event.kind === 'restored') {
    const message = withDetail(`${reason}; rolled back: all ${event.old.length} instances of the previous release ${shortDigest(state.stable?.digest ?? '')} serve again, the new ones stopped`, state.detail);
    return finishWith({ ...state, old: event.old, fresh: [], weight: 0 }, { outcome: 'rolled_back', reason: message, record: false }, { phase: 'rolled_back', message });
  }
  if (event.kind !== 'restore_failed') return unexpected(state, event);
  const message = withDetail(`${reason}; rolling back failed too: ${event.reason}`, state.detail);
  return finishWith(state, { outcome: 'failed', reason: message, record: false }, { phase: 'rolled_back', message });
}
