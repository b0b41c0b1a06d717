import { ceTypeOf, eventId, requestEventId } from './envelope';
import { RUN_ID } from './samples';

describe('deterministic event ids', () => {
  it('gives the same id for the same (run, step, attempt, event)', () => {
    const parts = { runId: RUN_ID, stepId: 'build', attempt: 2, event: 'finished' };
    expect(eventId(parts)).toBe(eventId({ ...parts }));
    expect(eventId(parts)).toBe(`${RUN_ID}.build.2.finished`);
  });

  it('gives a different id when any part differs', () => {
    const base = { runId: RUN_ID, stepId: 'build', attempt: 1, event: 'started' };
    const ids = new Set([
      eventId(base),
      eventId({ ...base, stepId: 'scan' }),
      eventId({ ...base, attempt: 2 }),
      eventId({ ...base, event: 'finished' }),
      eventId({ ...base, runId: '01HZY3J5K6M7N8P9QRSTVWXYZ1' }),
    ]);
    expect(ids.size).toBe(5);
  });

  it('uses run and attempt 0 for run-level events', () => {
    expect(eventId({ runId: RUN_ID, event: 'planned' })).toBe(`${RUN_ID}.run.0.planned`);
  });

  it('derives a request id from its idempotency key only', () => {
    const id = requestEventId('shop-main-4f2a9c1');
    expect(id).toMatch(/^req\.[0-9a-f]{40}$/);
    expect(requestEventId('shop-main-4f2a9c1')).toBe(id);
    expect(requestEventId('shop-main-4f2a9c2')).not.toBe(id);
  });

  it('prefixes the CloudEvents type with dev.', () => {
    expect(ceTypeOf('jetway.step.build.triggered.v1')).toBe('dev.jetway.step.build.triggered.v1');
  });
});
