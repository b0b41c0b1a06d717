import { combineReadiness, probeKey, writeReadiness, type WriteOutcome } from './write-probe';

describe('writeReadiness', () => {
  const outcomes = (entries: [string, WriteOutcome | undefined][]) => new Map(entries);

  it('is ready when the last write to every bucket succeeded', () => {
    expect(writeReadiness(outcomes([['jetway-runs', { ok: true }], ['jetway-idempotency', { ok: true }]]))).toEqual({ ready: true });
  });

  it('is not ready while one bucket failed, naming the bucket and the error', () => {
    const state = writeReadiness(outcomes([['jetway-runs', { ok: false, error: 'maximum bytes exceeded' }], ['jetway-idempotency', { ok: true }]]));
    expect(state).toEqual({ ready: false, detail: 'cannot write to KV jetway-runs: maximum bytes exceeded' });
  });

  it('is not ready before the first write finished', () => {
    expect(writeReadiness(outcomes([['jetway-runs', undefined]]))).toEqual({ ready: false, detail: 'write to KV jetway-runs not checked yet' });
  });
});

describe('combineReadiness', () => {
  it('needs every check, and joins the reasons of those that fail', () => {
    expect(combineReadiness([{ ready: true }, { ready: true }])).toEqual({ ready: true });
    expect(combineReadiness([{ ready: false, detail: 'consumers not bound' }, { ready: true }, { ready: false, detail: 'cannot write to KV jetway-runs: x' }])).toEqual({
      ready: false,
      detail: 'consumers not bound; cannot write to KV jetway-runs: x',
    });
  });
});

describe('probeKey', () => {
  it('is health.<service>, a valid KV key whatever the service name', () => {
    expect(probeKey('monitor-configurator')).toBe('health.monitor-configurator');
    expect(probeKey('a.b c')).toBe('health.a_b_c');
  });
});
