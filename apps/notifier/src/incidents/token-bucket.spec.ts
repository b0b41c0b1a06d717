import type { PacerClock } from '../drivers/slack/pacer';
import { pagerDutyBucket, TokenBucket } from './token-bucket';

/** A clock whose sleeps are recorded and advance time, so waits are measured without waiting. */
function fakeClock(): PacerClock & { t: number; sleeps: number[] } {
  const clock = {
    t: 0,
    sleeps: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
    },
  };
  return clock;
}

describe('TokenBucket', () => {
  it('lets a burst of `capacity` through, then queues the rest one refill apart', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(2, 1000, clock);
    await Promise.all([1, 2, 3, 4].map(() => bucket.acquire('k')));
    expect(clock.sleeps).toEqual([1000, 2000]);
  });

  it('refills with time, never above capacity', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(2, 1000, clock);
    await bucket.acquire('k');
    await bucket.acquire('k');
    clock.t += 10_000;
    await Promise.all([1, 2, 3].map(() => bucket.acquire('k')));
    expect(clock.sleeps).toEqual([1000]);
  });

  it('keeps each key on its own', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(1, 1000, clock);
    await Promise.all([bucket.acquire('a'), bucket.acquire('b')]);
    expect(clock.sleeps).toEqual([]);
  });

  it('holds a key off for as long as the remote asked (Retry-After)', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(5, 1000, clock);
    bucket.holdOff('k', 3000);
    await bucket.acquire('k');
    clock.t += 3000;
    await bucket.acquire('k');
    expect(clock.sleeps).toEqual([3000]);
  });

  it('keeps PagerDuty at 120 events in any minute: 20 at once, then one every 600 ms', async () => {
    const clock = fakeClock();
    const bucket = pagerDutyBucket(clock);
    await Promise.all(Array.from({ length: 150 }, () => bucket.acquire('routing-key')));
    // Callers that did not sleep started at 0; the others when their sleep ended.
    const starts = [...Array<number>(150 - clock.sleeps.length).fill(0), ...clock.sleeps];
    const busiestMinute = Math.max(...starts.map((from) => starts.filter((t) => t >= from && t < from + 60_000).length));
    expect(busiestMinute).toBeLessThanOrEqual(120);
    expect(starts.filter((t) => t === 0)).toHaveLength(20);
    // …and no slower than that: the 150th goes 130 refills after the burst.
    expect(Math.max(...starts)).toBe(130 * 600);
  });

  it('refuses a bucket that could never hand out a token', () => {
    expect(() => new TokenBucket(0, 1000)).toThrow(/capacity ≥ 1/);
  });
});
