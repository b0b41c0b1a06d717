import { ridingOut } from './ride-out';

const unavailable = () => Object.assign(new Error('503'), { code: '503' });

describe('ridingOut', () => {
  it('tries a method again while JetStream is unavailable, then returns its answer', async () => {
    let calls = 0;
    const retries: string[] = [];
    const store = ridingOut('rollout store', {
      async put(value: string) {
        calls += 1;
        if (calls < 3) throw unavailable();
        return `stored ${value}`;
      },
    }, (message) => retries.push(message), 5_000);
    await expect(store.put('x')).resolves.toBe('stored x');
    expect(calls).toBe(3);
    expect(retries).toHaveLength(2);
    expect(retries[0]).toMatch(/^rollout store put: JetStream unavailable \(503\); trying again in 250 ms$/);
  });

  it('throws any other error at once, and unavailability past its limit', async () => {
    let calls = 0;
    const sink = ridingOut('rollout progress', {
      async publish() {
        calls += 1;
        throw new Error('refusing to publish invalid jetway.rollout.progressed.v1: phase: invalid');
      },
      async put() {
        throw unavailable();
      },
    }, () => undefined, 300);
    await expect(sink.publish()).rejects.toThrow(/refusing to publish invalid/);
    expect(calls).toBe(1);
    await expect(sink.put()).rejects.toThrow('503');
  });
});
