import { events } from '../registry';
import { SAMPLES } from '../samples';
import { INLINE_LOG_BYTES } from '../topology';
import { parseWith } from '../validation';

const subject = 'jetway.step.deploy.finished.v1';
const finished = (fields: Record<string, unknown>) => ({ ...SAMPLES[subject], ...fields });
const parse = (fields: Record<string, unknown>) => parseWith(events[subject].schema, finished(fields));

describe('a finished event carries its step log inline (log) or stored (log_object)', () => {
  it('accepts a log of exactly INLINE_LOG_BYTES, and a log_object alone', () => {
    expect(parse({ log: 'x'.repeat(INLINE_LOG_BYTES) })).toMatchObject({ ok: true });
    expect(parse({ log_object: 'step-log-1' })).toMatchObject({ ok: true });
  });

  it('refuses a log one byte over the limit, naming the field and the fix', () => {
    expect(parse({ log: 'x'.repeat(INLINE_LOG_BYTES + 1) })).toEqual({
      ok: false,
      error: `log: is over ${INLINE_LOG_BYTES} bytes (UTF-8): store a larger log as an object and name it in log_object`,
    });
  });

  it('counts the limit in UTF-8 bytes, not characters', () => {
    const accents = 'é'.repeat(INLINE_LOG_BYTES / 2 + 1); // 2 bytes each: fits by characters, over by bytes
    const result = parse({ log: accents });
    if (result.ok) throw new Error('accepted a log over the limit in bytes');
    expect(result.error).toMatch(/^log: is over 4096 bytes/);
    expect(parse({ log: 'é'.repeat(INLINE_LOG_BYTES / 2) })).toMatchObject({ ok: true });
  });

  it('refuses both log and log_object: one or the other', () => {
    const result = parse({ log: 'deployed\n', log_object: 'step-log-1' });
    if (result.ok) throw new Error('accepted both log and log_object');
    expect(result.error).toContain('log: log and log_object: one or the other, not both');
  });
});
