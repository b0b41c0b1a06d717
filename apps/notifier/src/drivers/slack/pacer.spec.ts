import { Pacer, type PacerClock } from './pacer';

function fakeClock(): PacerClock & { sleeps: number[]; t: number } {
  const clock = {
    t: 1_000,
    sleeps: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
    },
  };
  return clock;
}

describe('Pacer', () => {
  it('lets the first call through and queues the next ones one interval apart', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(1000, clock);
    await Promise.all([pacer.acquire('u'), pacer.acquire('u'), pacer.acquire('u')]);
    expect(clock.sleeps).toEqual([1000, 2000]);
  });

  it('paces each key on its own', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(1000, clock);
    await pacer.acquire('a');
    await pacer.acquire('b');
    expect(clock.sleeps).toEqual([]);
  });

  it('does not wait once the interval has passed', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(1000, clock);
    await pacer.acquire('u');
    clock.t += 1500;
    await pacer.acquire('u');
    expect(clock.sleeps).toEqual([]);
  });

  it('holds off a key for as long as the remote asked', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(1000, clock);
    pacer.holdOff('u', 5000);
    await pacer.acquire('u');
    expect(clock.sleeps).toEqual([5000]);
  });
});
