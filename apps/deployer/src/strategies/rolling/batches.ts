import type { RollingRollout } from '@jetway/contracts';
import type { Batch } from '../rollout.types';

// Rolling batches as Kubernetes counts them: at most `replicas + max_surge` instances run, and
// at least `replicas - max_unavailable` serve, at every moment. A percentage of the replicas
// rounds the surge up and the unavailability down (as Kubernetes does), and when both come to 0
// the surge is 1, so a rollout always moves.

/** `2` → 2; `"25%"` of 4 → 1 (rounded up for the surge, down for unavailability). */
export function resolveCount(value: number | string, replicas: number, round: 'up' | 'down'): number {
  if (typeof value === 'number') return value;
  const share = (Number(value.replace('%', '')) * replicas) / 100;
  return round === 'up' ? Math.ceil(share) : Math.floor(share);
}

export interface BatchLimits {
  readonly surge: number;
  readonly unavailable: number;
}

export function batchLimits(rolling: RollingRollout, replicas: number): BatchLimits {
  const surge = resolveCount(rolling.max_surge, replicas, 'up');
  const unavailable = Math.min(replicas, resolveCount(rolling.max_unavailable, replicas, 'down'));
  return surge === 0 && unavailable === 0 ? { surge: 1, unavailable: 0 } : { surge, unavailable };
}

/**
 * The next batch given how many new (`fresh`) and old instances run, or undefined when the
 * rollout is complete. Old instances stop first only up to the unavailability allowed; new ones
 * start until the total reaches `replicas + surge`; after they are healthy, old ones stop until
 * the total is back to `replicas`. Without old instances (a first release, or they died) all
 * the missing new ones start at once.
 */
export function nextBatch(fresh: number, old: number, replicas: number, limits: BatchLimits): Batch | undefined {
  const missing = Math.max(0, replicas - fresh);
  if (missing === 0) return old === 0 ? undefined : { stopFirst: 0, start: 0, stopAfter: old };
  const stopFirst = Math.min(limits.unavailable, old);
  const left = old - stopFirst;
  const start = Math.min(missing, replicas + limits.surge - (fresh + left));
  const stopAfter = Math.min(left, Math.max(0, fresh + start + left - replicas));
  return { stopFirst, start, stopAfter };
}
