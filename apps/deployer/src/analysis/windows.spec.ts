import { planWindows } from './windows';

describe('planWindows', () => {
  it('cuts the time to the step end into equal back-to-back windows of at least one interval', () => {
    expect(planWindows(0, { untilMs: 30_000 }, 10_000)).toEqual([
      { sinceMs: 0, untilMs: 10_000 },
      { sinceMs: 10_000, untilMs: 20_000 },
      { sinceMs: 20_000, untilMs: 30_000 },
    ]);
    // 8 s with a 3 s interval: two windows of 4 s, never a 2 s tail.
    expect(planWindows(1_000, { untilMs: 9_000 }, 3_000)).toEqual([
      { sinceMs: 1_000, untilMs: 5_000 },
      { sinceMs: 5_000, untilMs: 9_000 },
    ]);
  });

  it('measures once when less than an interval is left, and over the last interval when the end has passed', () => {
    expect(planWindows(0, { untilMs: 4_000 }, 10_000)).toEqual([{ sinceMs: 0, untilMs: 4_000 }]);
    expect(planWindows(50_000, { untilMs: 40_000 }, 10_000)).toEqual([{ sinceMs: 40_000, untilMs: 50_000 }]);
  });

  it('takes count windows of one interval each', () => {
    expect(planWindows(0, { count: 2 }, 5_000)).toEqual([
      { sinceMs: 0, untilMs: 5_000 },
      { sinceMs: 5_000, untilMs: 10_000 },
    ]);
    expect(() => planWindows(0, { count: 0 }, 5_000)).toThrow('at least one measurement');
    expect(() => planWindows(0, { count: 1 }, 0)).toThrow('must be positive');
  });
});
