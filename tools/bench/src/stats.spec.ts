import fc from 'fast-check';
import { hopsPerSecond, percentile, ratio, summarize } from './stats';

describe('percentile (nearest rank)', () => {
  it('picks the smallest value with at least p% at or below it', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 99)).toBe(10);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeUndefined();
  });

  it('is a member of the sample and grows with p', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1 }), fc.integer({ min: 0, max: 99 }), (values, p) => {
        const sorted = [...values].sort((a, b) => a - b);
        const low = percentile(sorted, p);
        const high = percentile(sorted, p + 1);
        expect(sorted).toContain(low);
        expect(high ?? 0).toBeGreaterThanOrEqual(low ?? 0);
      }),
    );
  });
});

describe('summarize', () => {
  it('sorts numerically, not as strings', () => {
    expect(summarize([10, 9, 100, 2])).toEqual({ count: 4, p50: 9, p99: 100, mean: 30.25, max: 100 });
    expect(summarize([])).toEqual({ count: 0, p50: undefined, p99: undefined, mean: undefined, max: undefined });
  });
});

describe('throughput and ratios', () => {
  it('counts every message of every run per second', () => {
    expect(hopsPerSecond(100, 23, 2_000)).toBe(1150);
    expect(hopsPerSecond(1, 1, 0)).toBe(0);
  });

  it('has no ratio without both sides', () => {
    expect(ratio(1, 2)).toBe(0.5);
    expect(ratio(undefined, 2)).toBeUndefined();
    expect(ratio(1, 0)).toBeUndefined();
  });
});
