import fc from 'fast-check';
import { headers as natsHeaders } from 'nats';
import { CE, EVENT_SUBJECTS, ceTypeOf, type EventSubject } from '@jetway/contracts';
import { decodeEvent, decodeMessage, MAX_BODY_BYTES, type Decoded, type HeaderReader } from './decode';

/** Property runs per check: enough to find the odd byte, quick on a 2-core machine. */
const RUNS = 300;
const CE_NAMES = [CE.id, CE.type, CE.source, CE.specversion, CE.time, CE.subject] as const;
const encoder = new TextEncoder();

const reader = (entries: Record<string, string>): HeaderReader => ({
  get: (name) => entries[name] ?? '',
  has: (name) => Object.hasOwn(entries, name),
});

const goodHeaders = (subject: EventSubject, overrides: Record<string, string> = {}): Record<string, string> => ({
  [CE.id]: 'evt-1',
  [CE.type]: ceTypeOf(subject),
  [CE.source]: 'jetway/test',
  [CE.specversion]: '1.0',
  [CE.time]: '2026-01-01T00:00:00.000Z',
  [CE.subject]: '01HZY3J5K6M7N8P9QRSTVWXYZ0',
  ...overrides,
});

/** The one property every decode must hold: a valid event, or a reason that is not blank. */
function wellFormed(result: Decoded<EventSubject>): boolean {
  return result.ok ? result.payload !== undefined && typeof result.envelope.id === 'string' : result.reason.trim().length > 0;
}

/** Valid `step.*.started` payloads. */
const startedArb = fc.record({
  run_id: fc.ulid(),
  step_id: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
  attempt: fc.integer({ min: 1, max: 100 }),
  worker: fc.string({ minLength: 1, maxLength: 40 }),
});
const subjectArb = fc.constantFrom(...EVENT_SUBJECTS);
/** A real subject with another major: v0, v2 … v99. */
const wrongVersionArb = fc
  .tuple(subjectArb, fc.integer({ min: 0, max: 99 }).filter((v) => v !== 1))
  .map(([subject, v]) => subject.replace(/\.v1$/, `.v${v}`));
const headerValueArb = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.integer({ min: 1_025, max: 60_000 }).map((n) => 'x'.repeat(n)),
);
/** Random names and values, with the CloudEvents names (and wrong values for them) over-represented. */
const headersArb = fc.option(
  fc.dictionary(fc.oneof(fc.constantFrom(...CE_NAMES), fc.string({ minLength: 1, maxLength: 20 })), headerValueArb, { maxKeys: 12 }),
  { nil: undefined },
);
const jsonBodyArb = fc.oneof(
  fc.jsonValue().map((v) => encoder.encode(JSON.stringify(v) ?? 'null')),
  fc.uint8Array({ maxLength: 512 }),
  fc.string({ unit: 'binary' }).map((s) => encoder.encode(s)),
  fc.constantFrom('', '{', 'null', '[]', '{"run_id":', '\u0000', '{"__proto__":{"x":1}}').map((s) => encoder.encode(s)),
);

describe('decodeEvent (property-based: hostile input)', () => {
  it('never throws on arbitrary subjects, headers and bytes; a failure always says why', () => {
    fc.assert(
      fc.property(fc.oneof(subjectArb, wrongVersionArb, fc.string()), headersArb, jsonBodyArb, (subject, headers, body) => {
        const result = decodeEvent(subject as EventSubject, headers && reader(headers), body);
        expect(wellFormed(result)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a subject of another major, naming the subject', () => {
    fc.assert(
      fc.property(wrongVersionArb, jsonBodyArb, (subject, body) => {
        const result = decodeEvent(subject as EventSubject, reader(goodHeaders(subject as EventSubject)), body);
        expect(result).toEqual({ ok: false, reason: `subject ${subject} has no contract` });
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a ce-type of another version or event, even with a valid body', () => {
    const wrongType = fc.oneof(
      wrongVersionArb.map((s) => `dev.${s}`),
      fc.string({ minLength: 1, maxLength: 200 }).filter((s) => s.trim() !== '' && !s.startsWith('dev.jetway.step.build.started.v1')),
    );
    fc.assert(
      fc.property(wrongType, startedArb, (type, payload) => {
        const subject = 'jetway.step.build.started.v1';
        const result = decodeEvent(subject, reader(goodHeaders(subject, { [CE.type]: type })), encoder.encode(JSON.stringify(payload)));
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.reason).toContain(`does not match subject ${subject} (expected dev.${subject})`);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a missing or oversized CloudEvents header, naming it', () => {
    const required = [CE.id, CE.type, CE.source, CE.specversion, CE.time];
    fc.assert(
      fc.property(
        fc.constantFrom(...required),
        fc.oneof(fc.constant(undefined), fc.integer({ min: 1_025, max: 60_000 })),
        startedArb,
        (name, size, payload) => {
          const subject = 'jetway.step.build.started.v1';
          const entries = goodHeaders(subject);
          if (size === undefined) delete entries[name];
          else entries[name] = 'v'.repeat(size);
          const result = decodeEvent(subject, reader(entries), encoder.encode(JSON.stringify(payload)));
          expect(result).toEqual({
            ok: false,
            reason: size === undefined ? `missing header ${name}` : `header ${name} is longer than 1024 characters`,
          });
        },
      ),
      { numRuns: 100 },
    );
    const longSubject = goodHeaders('jetway.step.build.started.v1', { [CE.subject]: 's'.repeat(8_000) });
    expect(decodeEvent('jetway.step.build.started.v1', reader(longSubject), encoder.encode('{}'))).toEqual({
      ok: false,
      reason: 'header ce-subject is longer than 1024 characters',
    });
  });

  it('accepts every valid event and returns its payload and envelope', () => {
    fc.assert(
      fc.property(startedArb, (payload) => {
        const subject = 'jetway.step.build.started.v1';
        const result = decodeEvent(subject, reader(goodHeaders(subject)), encoder.encode(JSON.stringify(payload)));
        expect(result).toEqual({
          ok: true,
          payload,
          envelope: expect.objectContaining({ id: 'evt-1', type: `dev.${subject}` }),
          ignoredFields: expect.any(Function),
        });
        if (result.ok) expect(result.ignoredFields()).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('accepts fields its contract does not know (a newer publisher) and names them on demand', () => {
    const subject = 'jetway.step.build.started.v1';
    const body = { run_id: '01J0000000000000000000000A', step_id: 'build', attempt: 1, worker: 'w', region: 'eu', wokrer: 'typo' };
    const result = decodeEvent(subject, reader(goodHeaders(subject)), encoder.encode(JSON.stringify(body)));
    if (!result.ok) throw new Error(result.reason);
    expect(result.payload).toEqual({ run_id: body.run_id, step_id: 'build', attempt: 1, worker: 'w' });
    expect(result.ignoredFields()).toEqual(['region', 'wokrer']);
  });

  it('names each bad field of a wrongly shaped body', () => {
    fc.assert(
      fc.property(startedArb, fc.constantFrom('run_id', 'step_id', 'attempt', 'worker'), fc.jsonValue(), (payload, field, junk) => {
        fc.pre(typeof junk !== 'string' && !(field === 'attempt' && Number.isInteger(junk) && Number(junk) >= 1 && Number(junk) <= 100));
        const subject = 'jetway.step.build.started.v1';
        const body = encoder.encode(JSON.stringify({ ...payload, [field]: junk }));
        const result = decodeEvent(subject, reader(goodHeaders(subject)), body);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.reason).toMatch(new RegExp(`^invalid ${subject.replace(/\./g, '\\.')}: .*${field}: `));
      }),
      { numRuns: 100 },
    );
  });

  it('refuses huge, deeply nested and non-UTF-8 bodies without throwing', () => {
    const subject = 'jetway.step.build.started.v1';
    const headers = reader(goodHeaders(subject));
    const huge = new Uint8Array(MAX_BODY_BYTES + 1).fill(0x20);
    expect(decodeEvent(subject, headers, huge)).toEqual({ ok: false, reason: `body is ${MAX_BODY_BYTES + 1} bytes; the limit is ${MAX_BODY_BYTES}` });
    const nearLimit = encoder.encode(JSON.stringify({ run_id: 'x'.repeat(900_000) }));
    expect(decodeEvent(subject, headers, nearLimit)).toMatchObject({ ok: false, reason: expect.stringContaining('run_id: must be a ULID') });
    const deep = encoder.encode(`${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    expect(wellFormed(decodeEvent(subject, headers, deep))).toBe(true);
    const latin1 = Uint8Array.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]);
    expect(decodeEvent(subject, headers, latin1)).toMatchObject({ ok: false, reason: expect.stringMatching(/^body is not UTF-8 JSON: /) });
  });

  it('turns a header lookup that throws into a reason', () => {
    const throwing: HeaderReader = {
      get: () => {
        throw new Error('lookup exploded');
      },
      has: () => true,
    };
    expect(decodeEvent('jetway.step.build.started.v1', throwing, encoder.encode('{}'))).toEqual({
      ok: false,
      reason: 'cannot decode jetway.step.build.started.v1: lookup exploded',
    });
  });
});

describe('decodeMessage', () => {
  /** What nats.js does when a delivered header block has a bad name: its `headers` getter throws. */
  const malformed = (name: string) => ({
    get headers(): HeaderReader {
      natsHeaders().set(name, 'v');
      throw new Error('unreachable: the name was accepted');
    },
    data: encoder.encode('{}'),
  });

  it('turns any malformed header block into a reason instead of an exception', () => {
    const badName = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => /[^\x21-\x39\x3b-\x7e]/.test(s));
    fc.assert(
      fc.property(subjectArb, badName, (subject, name) => {
        const result = decodeMessage(subject, malformed(name));
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.reason).toMatch(/^malformed headers \([\s\S]+ is not a valid character for a header key\): each header line must be/);
      }),
      { numRuns: RUNS },
    );
  });

  it('decodes a well-formed message like decodeEvent', () => {
    const subject = 'jetway.step.build.started.v1';
    const payload = { run_id: '01HZY3J5K6M7N8P9QRSTVWXYZ0', step_id: 'build', attempt: 1, worker: 'builder-1' };
    const result = decodeMessage(subject, { headers: reader(goodHeaders(subject)), data: encoder.encode(JSON.stringify(payload)) });
    expect(result).toMatchObject({ ok: true, payload });
    expect(decodeMessage(subject, { data: encoder.encode('{}') })).toEqual({
      ok: false,
      reason: 'missing CloudEvents headers (ce-id, ce-type, ce-source, ce-specversion, ce-time)',
    });
  });
});

