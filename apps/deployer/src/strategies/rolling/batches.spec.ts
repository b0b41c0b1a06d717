import { batchLimits, nextBatch, resolveCount, type BatchLimits } from './batches';

/** Runs every batch to the end, checking the surge and availability bounds at each move. */
function simulate(replicas: number, old: number, limits: BatchLimits): { batches: number; peak: number; floor: number } {
  let fresh = 0;
  let running = old;
  let batches = 0;
  let peak = old;
  let floor = old;
  for (let batch = nextBatch(fresh, running, replicas, limits); batch; batch = nextBatch(fresh, running, replicas, limits)) {
    running -= batch.stopFirst;
    floor = Math.min(floor, running + fresh);
    peak = Math.max(peak, running + fresh + batch.start);
    fresh += batch.start;
    running -= batch.stopAfter;
    batches += 1;
    if (batches > 100) throw new Error('the rollout never ends');
  }
  expect([fresh, running]).toEqual([replicas, 0]);
  return { batches, peak, floor };
}

describe('rolling batches', () => {
  it('reads counts and shares of the replicas, rounding the surge up and unavailability down', () => {
    expect(resolveCount(2, 4, 'up')).toBe(2);
    expect(resolveCount('25%', 3, 'up')).toBe(1);
    expect(resolveCount('25%', 3, 'down')).toBe(0);
    expect(batchLimits({ max_surge: '10%', max_unavailable: 0 }, 4)).toEqual({ surge: 1, unavailable: 0 });
    expect(batchLimits({ max_surge: 0, max_unavailable: '10%' }, 4)).toEqual({ surge: 1, unavailable: 0 });
    expect(batchLimits({ max_surge: 0, max_unavailable: 9 }, 4)).toEqual({ surge: 0, unavailable: 4 });
  });

  it('replaces one instance at a time with the defaults (surge 1, unavailable 0), never below the replica count', () => {
    expect(nextBatch(0, 2, 2, { surge: 1, unavailable: 0 })).toEqual({ stopFirst: 0, start: 1, stopAfter: 1 });
    expect(simulate(3, 3, { surge: 1, unavailable: 0 })).toEqual({ batches: 3, peak: 4, floor: 3 });
  });

  it('stops old instances first within max_unavailable', () => {
    expect(nextBatch(0, 4, 4, { surge: 1, unavailable: 1 })).toEqual({ stopFirst: 1, start: 2, stopAfter: 1 });
    expect(simulate(4, 4, { surge: 1, unavailable: 1 })).toEqual({ batches: 2, peak: 5, floor: 3 });
    expect(simulate(2, 2, { surge: 0, unavailable: 1 })).toEqual({ batches: 2, peak: 2, floor: 1 });
  });

  it('starts all missing instances at once when no old one serves (a first release)', () => {
    expect(nextBatch(0, 0, 3, { surge: 1, unavailable: 0 })).toEqual({ stopFirst: 0, start: 3, stopAfter: 0 });
  });

  it('stops the surplus of old instances when the new ones are all up, and ends', () => {
    expect(nextBatch(2, 1, 2, { surge: 1, unavailable: 0 })).toEqual({ stopFirst: 0, start: 0, stopAfter: 1 });
    expect(nextBatch(2, 0, 2, { surge: 1, unavailable: 0 })).toBeUndefined();
  });

  it('keeps the bounds for fewer old instances than replicas (some had died)', () => {
    expect(simulate(4, 1, { surge: 2, unavailable: 0 })).toEqual({ batches: 1, peak: 5, floor: 1 });
    expect(nextBatch(0, 1, 4, { surge: 2, unavailable: 0 })).toEqual({ stopFirst: 0, start: 4, stopAfter: 1 });
  });
});
