import { systemClock } from './clock';

describe('systemClock', () => {
  it('resolves at the time asked for, at once for a past time', async () => {
    const until = Date.now() + 30;
    await systemClock.sleepUntil(until);
    expect(Date.now()).toBeGreaterThanOrEqual(until);
    const before = Date.now();
    await systemClock.sleepUntil(before - 1_000);
    expect(Date.now() - before).toBeLessThan(20);
  });

  it("rejects with the signal's reason when aborted first, or already aborted", async () => {
    const controller = new AbortController();
    const sleeping = systemClock.sleepUntil(Date.now() + 60_000, controller.signal);
    controller.abort(new Error('operator abort'));
    await expect(sleeping).rejects.toThrow('operator abort');
    await expect(systemClock.sleepUntil(Date.now() + 60_000, controller.signal)).rejects.toThrow('operator abort');
  });
});
