import type { HealthCheck } from '@jetway/contracts';
import type { HttpGet } from '../../use-cases';
import { waitFor } from '@jetway/testing';
import { waitHealthy } from './health-check.driver';

const fast: HealthCheck = { path: '/health', initial_delay: 0, interval: 0.01, timeout: 0.5, success_threshold: 1, failure_threshold: 3 };

/** Answers from a script, then repeats the last answer; records when each probe happened. */
function scripted(answers: Array<number | Error>): HttpGet & { calls: Array<{ url: string; at: number }> } {
  const calls: Array<{ url: string; at: number }> = [];
  let i = 0;
  const get = async (url: string): Promise<number> => {
    calls.push({ url, at: Date.now() });
    const answer = answers[Math.min(i, answers.length - 1)] ?? 200;
    i += 1;
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return Object.assign(get, { calls });
}

describe('waitHealthy', () => {
  it('is healthy after success_threshold consecutive successes, a failure resetting the count', async () => {
    const get = scripted([200, 500, 200, 200, 200]);
    const result = await waitHealthy('http://h:1/', { ...fast, success_threshold: 3 }, 5_000, get);
    expect(result).toEqual({ healthy: true });
    expect(get.calls).toHaveLength(5);
    expect(get.calls[0]?.url).toBe('http://h:1/health');
  });

  it('is unhealthy after failure_threshold consecutive failures, naming the URL and last error', async () => {
    const get = scripted([500, new Error('connect ECONNREFUSED'), new Error('connect ECONNREFUSED')]);
    const result = await waitHealthy('http://h:1', fast, 5_000, get);
    expect(result).toEqual({
      healthy: false,
      reason: 'http://h:1/health failed 3 consecutive checks (last: connect ECONNREFUSED)',
    });
  });

  it('gives up at the deadline while failures stay below the threshold', async () => {
    const get = scripted([503]);
    const started = Date.now();
    const result = await waitHealthy('http://h:1', { ...fast, interval: 0.05, failure_threshold: 100 }, 200, get);
    expect(result).toEqual({ healthy: false, reason: 'http://h:1/health not healthy within 200 ms (last: status 503)' });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('waits initial_delay before the first probe', async () => {
    const get = scripted([200]);
    const started = Date.now();
    await waitHealthy('http://h:1', { ...fast, initial_delay: 0.2 }, 5_000, get);
    expect((get.calls[0]?.at ?? 0) - started).toBeGreaterThanOrEqual(190);
  });

  it('spaces probes by interval', async () => {
    const get = scripted([500, 200]);
    await waitHealthy('http://h:1', { ...fast, interval: 0.15 }, 5_000, get);
    const [first, second] = get.calls;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(140);
  });

  it('stops probing at once when its signal aborts', async () => {
    const get = scripted([503]);
    const giveUp = new AbortController();
    const started = Date.now();
    const waiting = waitHealthy('http://h:1', { ...fast, interval: 0.1, failure_threshold: 100 }, 30_000, get, giveUp.signal);
    await waitFor(() => get.calls.length >= 2);
    giveUp.abort();
    expect(await waiting).toEqual({ healthy: false, reason: 'http://h:1/health: gave up waiting (last: status 503)' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(get.calls.length).toBeLessThan(10);
  });
});
