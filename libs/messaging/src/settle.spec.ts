import { PermanentError, TransientError } from './errors';
import { settle } from './settle';

describe('settle', () => {
  const first = { count: 1, maxDeliver: 3 };

  it('acks a handled message', () => {
    expect(settle({ ok: true }, first)).toEqual({ action: 'ack' });
  });

  it('naks a transient failure with the backoff of its attempt', () => {
    expect(settle({ ok: false, error: new Error('boom') }, first, [100, 200])).toEqual({ action: 'nak', delayMs: 100 });
    expect(settle({ ok: false, error: new Error('boom') }, { count: 2, maxDeliver: 5 }, [100, 200])).toEqual({
      action: 'nak',
      delayMs: 200,
    });
    expect(settle({ ok: false, error: new Error('boom') }, { count: 4, maxDeliver: 5 }, [100, 200])).toEqual({
      action: 'nak',
      delayMs: 200,
    });
  });

  it('honours a delay the remote side asked for', () => {
    const error = new TransientError('slow down', { retryAfterMs: 7_000 });
    expect(settle({ ok: false, error }, first)).toEqual({ action: 'nak', delayMs: 7_000 });
  });

  it('dead-letters a permanent failure at once', () => {
    const result = settle({ ok: false, error: new PermanentError('policy says no') }, first);
    expect(result).toEqual({ action: 'dead-letter', reason: 'permanent error: policy says no' });
  });

  it('dead-letters after the last delivery', () => {
    const result = settle({ ok: false, error: new Error('still down') }, { count: 3, maxDeliver: 3 });
    expect(result).toEqual({ action: 'dead-letter', reason: 'gave up after 3 deliveries: still down' });
  });
});
