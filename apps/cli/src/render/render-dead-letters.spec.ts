import type { DeadLetter, DeadLetterListing, ReplayNote } from '../client/dead-letter-model';
import { formatTime, renderBody, renderDeadLetter, renderDeadLetterList, renderReplayOutcome } from './render-dead-letters';

const plain = { color: false };
const time = new Date('2026-11-22T03:20:28.512Z');
const summary = (seq: number, reason: string) => ({
  seq,
  time,
  subject: 'jetway-dlq.jetway.step.build.triggered.v1',
  originalSubject: 'jetway.step.build.triggered.v1',
  reason,
  service: 'builder',
  consumer: 'builder--jetway_step_build_triggered_v1',
});
const note: ReplayNote = { dlqSeq: 7, time, subject: 'jetway.step.build.triggered.v1', eventsSeq: 913, source: 'fixed.json', by: 'alice' };

describe('renderDeadLetterList', () => {
  const listing: DeadLetterListing = {
    letters: [{ ...summary(7, 'missing header ce-id'), replay: note }, summary(12, `invalid jetway.step.build.triggered.v1: ${'x'.repeat(300)}`)],
    matched: 30,
  };
  const lines = renderDeadLetterList(listing, { limit: 2 }, plain).split('\n');

  it('draws aligned columns: seq, time, subject, service/durable, replayed, reason', () => {
    expect(lines[0]).toBe(
      'SEQ  TIME                  SUBJECT                         SERVICE/DURABLE                                  REPLAYED  REASON',
    );
    expect(lines[1]).toBe(
      '7    2026-11-22 03:20:28Z  jetway.step.build.triggered.v1  builder/builder--jetway_step_build_triggered_v1  seq 913   missing header ce-id',
    );
    expect(lines[2]).toMatch(/^12 {3}2026-11-22 03:20:28Z {2}jetway\.step\.build\.triggered\.v1 {2}builder\/\S+ {2}- {9}invalid jetway/);
  });

  it('cuts a long reason and says how many there are and what to do next', () => {
    expect(lines[2]?.endsWith('x…')).toBe(true);
    expect(lines[2]?.length).toBeLessThan(300);
    expect(lines[4]).toBe('the newest 2 of 30 dead letters; jetway dlq show <seq> for one, jetway dlq replay <seq> to retry it');
  });

  it('says when there is nothing, naming the filter', () => {
    expect(renderDeadLetterList({ letters: [], matched: 0 }, { limit: 20, subject: 'jetway.step.>' }, plain)).toBe('no dead letters of jetway.step.> in JETWAY_DLQ');
  });

  it('colours the header only on a terminal', () => {
    expect(renderDeadLetterList(listing, { limit: 2 }, { color: true }).startsWith('\u001b[1mSEQ')).toBe(true);
  });
});

describe('renderDeadLetter', () => {
  const letter: DeadLetter = {
    ...summary(7, 'invalid jetway.step.build.triggered.v1: run_id: must be a ULID'),
    headers: [
      ['ce-id', 'evt-1'],
      ['jetway-dlq-stream-seq', '55'],
      ['jetway-dlq-deliveries', '1'],
    ],
    body: new TextEncoder().encode('{"run_id":"nope","attempt":1}'),
  };

  it('prints what it is, why it died, its headers and its body as pretty JSON', () => {
    expect(renderDeadLetter(letter, undefined, plain)).toBe(
      [
        'dead letter 7 in JETWAY_DLQ, 2026-11-22 03:20:28Z',
        'subject   jetway.step.build.triggered.v1 (JETWAY_EVENTS seq 55)',
        'consumer  builder/builder--jetway_step_build_triggered_v1, 1 delivery',
        'reason    invalid jetway.step.build.triggered.v1: run_id: must be a ULID',
        'replayed  no (jetway dlq replay 7)',
        '',
        'headers (3)',
        '  ce-id: evt-1',
        '  jetway-dlq-stream-seq: 55',
        '  jetway-dlq-deliveries: 1',
        '',
        'body (29 bytes)',
        '{\n  "run_id": "nope",\n  "attempt": 1\n}',
      ].join('\n'),
    );
  });

  it('shows the replay and what was not kept', () => {
    const dropped: DeadLetter = { ...letter, headers: [['jetway-dlq-dropped', 'body (990000 bytes): too big']], body: new Uint8Array() };
    const text = renderDeadLetter(dropped, note, plain);
    expect(text).toContain('replayed  2026-11-22 03:20:28Z to jetway.step.build.triggered.v1 as JETWAY_EVENTS seq 913 (from fixed.json, by alice)');
    expect(text).toContain('not kept  body (990000 bytes): too big');
    expect(text.endsWith('body (0 bytes)\n(empty)')).toBe(true);
  });
});

describe('renderBody and the replay outcome', () => {
  it('prints JSON pretty, other text as is, other bytes as base64', () => {
    expect(renderBody(new TextEncoder().encode('[1,2]'))).toBe('[\n  1,\n  2\n]');
    expect(renderBody(new TextEncoder().encode('not json'))).toBe('not json');
    expect(renderBody(Uint8Array.from([0xff, 0xfe]))).toBe('(not UTF-8; base64) //4=');
    expect(formatTime(new Date(Number.NaN))).toBe('?');
  });

  it('says replayed, already replayed (note), or dropped as a duplicate', () => {
    expect(renderReplayOutcome(7, { kind: 'replayed', subject: 'jetway.x.v1', eventsSeq: 9, source: 'stored body' })).toBe(
      'replayed dead letter 7 to jetway.x.v1 as JETWAY_EVENTS seq 9 (from stored body)',
    );
    expect(renderReplayOutcome(7, { kind: 'already', note })).toBe(
      'dead letter 7 was already replayed: 2026-11-22 03:20:28Z to jetway.step.build.triggered.v1 as JETWAY_EVENTS seq 913 (from fixed.json, by alice); nothing sent',
    );
    expect(renderReplayOutcome(7, { kind: 'duplicate', subject: 'jetway.x.v1', eventsSeq: 9 })).toContain('JetStream dropped this copy as a duplicate of JETWAY_EVENTS seq 9');
  });
});
