import { PermanentError, TransientError } from '@jetway/messaging';
import { failureOf, retryAfterMsOf } from './http-post';

const answer = (status: number, headers: Record<string, string> = {}, body = '') => ({
  status,
  headers: new Headers(headers),
  body,
});

describe('failureOf', () => {
  it('accepts any 2xx', () => {
    expect(failureOf('X', answer(200))).toBeUndefined();
    expect(failureOf('X', answer(202))).toBeUndefined();
  });

  it.each([408, 429, 500, 502, 503])('treats %i as transient', (status) => {
    expect(failureOf('X', answer(status))).toBeInstanceOf(TransientError);
  });

  it.each([400, 401, 403, 404, 413])('treats %i as permanent and quotes the body', (status) => {
    const failure = failureOf('X', answer(status, {}, 'invalid_payload'));
    expect(failure).toBeInstanceOf(PermanentError);
    expect(failure?.message).toContain(`HTTP ${status}: invalid_payload`);
  });
});

describe('retryAfterMsOf', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('reads delta-seconds and HTTP dates, ignores garbage', () => {
    expect(retryAfterMsOf('2', now)).toBe(2000);
    expect(retryAfterMsOf('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMsOf('soon', now)).toBeUndefined();
    expect(retryAfterMsOf(null, now)).toBeUndefined();
  });
});
