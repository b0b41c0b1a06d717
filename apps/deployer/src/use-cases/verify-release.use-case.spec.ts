import type { HttpGet } from './http-get.port';
import { verifyRelease } from './verify-release.use-case';

function scripted(answers: Array<number | Error>): HttpGet & { urls: string[] } {
  const urls: string[] = [];
  const get = async (url: string): Promise<number> => {
    urls.push(url);
    const next = answers.shift() ?? 200;
    if (next instanceof Error) throw next;
    return next;
  };
  return Object.assign(get, { urls });
}

describe('verifyRelease', () => {
  it('passes when every check answers 2xx, hitting the stable URL each time', async () => {
    const http = scripted([200, 204, 200]);
    const result = await verifyRelease('http://127.0.0.1:8080/hello/staging/', '/health', 3, http);
    expect(result).toEqual({ outcome: 'succeeded', checks_passed: 3 });
    expect(http.urls).toEqual(Array(3).fill('http://127.0.0.1:8080/hello/staging/health'));
  });

  it('fails at the first non-2xx answer and says which check and status', async () => {
    const http = scripted([200, 503, 200]);
    const result = await verifyRelease('http://r/hello/staging', '/health', 3, http);
    expect(result).toEqual({
      outcome: 'failed',
      checks_passed: 1,
      reason: 'check 2/3 of GET http://r/hello/staging/health: status 503',
    });
    expect(http.urls).toHaveLength(2);
  });

  it('fails on a network error with its message', async () => {
    const result = await verifyRelease('http://r/a/production', '/health', 2, scripted([new Error('connect ECONNREFUSED')]));
    expect(result).toMatchObject({ outcome: 'failed', checks_passed: 0, reason: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('treats a 3xx as a failure (a redirect is not a healthy answer)', async () => {
    const result = await verifyRelease('http://r/a/production', '/health', 1, scripted([302]));
    expect(result.outcome).toBe('failed');
  });
});
