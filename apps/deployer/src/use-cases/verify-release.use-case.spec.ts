import type { HttpAnswer, HttpGetAnswer } from './http-get.port';
import { verifyRelease } from './verify-release.use-case';

const DIGEST = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
/** The label the router names a release of DIGEST by (strategies/release-label). */
const OURS = '0123456789ab-1f2e3d4c';

/** Answers in order (a status is answered by OURS); records the URLs asked. */
function scripted(answers: Array<number | Partial<HttpAnswer> | Error>): HttpGetAnswer & { urls: string[] } {
  const urls: string[] = [];
  const get = async (url: string): Promise<HttpAnswer> => {
    urls.push(url);
    const next = answers.shift() ?? 200;
    if (next instanceof Error) throw next;
    return typeof next === 'number' ? { status: next, release: OURS } : { status: 200, release: OURS, ...next };
  };
  return Object.assign(get, { urls });
}

const target = (url: string, checks: number) => ({ url, healthPath: '/health', checks, digest: DIGEST });

describe('verifyRelease', () => {
  it('passes when every check answers 2xx from the release of its digest, hitting the stable URL each time', async () => {
    const http = scripted([200, 204, 200]);
    const result = await verifyRelease(target('http://127.0.0.1:8080/hello/staging/', 3), http);
    expect(result).toEqual({ outcome: 'succeeded', checks_passed: 3 });
    expect(http.urls).toEqual(Array(3).fill('http://127.0.0.1:8080/hello/staging/health'));
  });

  it('fails at the first non-2xx answer and says which check and status', async () => {
    const http = scripted([200, 503, 200]);
    const result = await verifyRelease(target('http://r/hello/staging', 3), http);
    expect(result).toEqual({
      outcome: 'failed',
      checks_passed: 1,
      reason: 'check 2/3 of GET http://r/hello/staging/health: status 503',
    });
    expect(http.urls).toHaveLength(2);
  });

  it('fails on a network error with its message', async () => {
    const result = await verifyRelease(target('http://r/a/production', 2), scripted([new Error('connect ECONNREFUSED')]));
    expect(result).toMatchObject({ outcome: 'failed', checks_passed: 0, reason: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('treats a 3xx as a failure (a redirect is not a healthy answer)', async () => {
    const result = await verifyRelease(target('http://r/a/production', 1), scripted([302]));
    expect(result.outcome).toBe('failed');
  });

  it('fails a healthy answer from another release: a later deploy replaced the one under verification', async () => {
    const http = scripted([200, { release: 'fedcba987654-1f2e3d4c' }, 200]);
    const result = await verifyRelease(target('http://r/hello/staging', 3), http);
    expect(result).toEqual({
      outcome: 'failed',
      checks_passed: 1,
      reason: expect.stringMatching(/^check 2\/3 of GET http:\/\/r\/hello\/staging\/health: release fedcba987654-1f2e3d4c answered, not sha256:0123.*another deploy to this environment replaced it/),
    });
    expect(http.urls).toHaveLength(2);
  });

  it('counts a release of the same digest started another way (another run spec) as the digest', async () => {
    const result = await verifyRelease(target('http://r/hello/staging', 2), scripted([{ release: '0123456789ab-99999999' }, 200]));
    expect(result).toEqual({ outcome: 'succeeded', checks_passed: 2 });
  });

  it('fails an answer that does not name its release, saying why it cannot count', async () => {
    const result = await verifyRelease(target('http://elsewhere/health-only', 1), scripted([{ release: undefined }]));
    expect(result).toEqual({ outcome: 'failed', checks_passed: 0, reason: expect.stringMatching(/no x-jetway-release header.*cannot show that sha256:0123/) });
  });
});
