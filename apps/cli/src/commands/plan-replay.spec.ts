import { CE, DLQ_HEADERS } from '@jetway/contracts';
import { replayMsgId, subjectMatches, type DeadLetter } from '../client/dead-letter-model';
import { originalSubjectOf, planReplay } from './plan-replay';

const RUN = '01J9Z8X7W6V5T4S3R2Q1P0N9M8';
const SUBJECT = 'jetway.approval.decided.v1';
const NOW = new Date('2026-01-02T03:04:05.000Z');
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const valid = { run_id: RUN, step_id: 'approve-production', decision: 'approved', approver: 'alice' };

function letter(body: unknown, headers: [string, string][] = [], seq = 42): DeadLetter {
  return {
    seq,
    time: NOW,
    subject: `jetway-dlq.${SUBJECT}`,
    originalSubject: SUBJECT,
    reason: 'invalid',
    service: 'planner',
    consumer: 'planner--jetway_approval_decided_v1',
    headers: [[DLQ_HEADERS.originalSubject, SUBJECT], ...headers],
    body: body === undefined ? new Uint8Array() : new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)),
  };
}

describe('planReplay', () => {
  it('publishes a valid stored body to the original subject with a fresh envelope and the replay mark', () => {
    const original: [string, string][] = [
      [CE.id, 'evt-7'],
      [CE.type, 'dev.jetway.approval.decided.v9'],
      [CE.source, 'jetway/cli'],
      [CE.time, '2026-01-01T00:00:00.000Z'],
      [CE.subject, RUN],
      ['traceparent', TRACEPARENT],
    ];
    const plan = planReplay(letter(valid, original), undefined, NOW);
    expect(plan).toEqual({
      ok: true,
      subject: SUBJECT,
      body: JSON.stringify(valid),
      msgId: 'jetway-dlq-replay.42',
      source: 'stored body',
      headers: [
        [CE.id, 'evt-7'],
        [CE.type, `dev.${SUBJECT}`],
        [CE.source, 'jetway/cli'],
        [CE.specversion, '1.0'],
        [CE.time, '2026-01-01T00:00:00.000Z'],
        [CE.subject, RUN],
        [CE.datacontenttype, 'application/json'],
        ['jetway-replay-of', 'JETWAY_DLQ/42'],
        ['traceparent', TRACEPARENT],
      ],
    });
  });

  it('fills in what the original lacked or had unusable: id from the seq, time now, subject from the payload', () => {
    const plan = planReplay(letter(valid, [[CE.id, 'x'.repeat(5000)], [CE.time, 'yesterday'], ['traceparent', 'garbage']], 9), undefined, NOW);
    expect(plan.ok && Object.fromEntries(plan.headers)).toMatchObject({
      [CE.id]: replayMsgId(9),
      [CE.source]: 'jetway/cli',
      [CE.time]: NOW.toISOString(),
      [CE.subject]: RUN,
    });
    expect(plan.ok && plan.headers.some(([name]) => name === 'traceparent')).toBe(false);
  });

  it('uses the fixed event from --file instead of the stored body, with defaults applied', () => {
    const plan = planReplay(letter({ run_id: 'nope' }), { file: 'fixed.json', value: valid }, NOW);
    expect(plan).toMatchObject({ ok: true, body: JSON.stringify(valid), source: 'fixed.json', msgId: 'jetway-dlq-replay.42' });
  });

  it('refuses a stored body that is still invalid, naming each field and how to fix it', () => {
    const plan = planReplay(letter({ ...valid, run_id: 'nope', decision: 'maybe' }), undefined, NOW);
    expect(plan.ok).toBe(false);
    expect(!plan.ok && plan.error).toMatch(
      /^dead letter 42 is still not a valid jetway\.approval\.decided\.v1: run_id: must be a ULID.*; decision: .*; write the corrected event to a file and run: jetway dlq replay 42 --file fixed\.json$/,
    );
  });

  it('refuses an invalid fixed file naming the file and the field', () => {
    const plan = planReplay(letter(valid), { file: 'fixed.json', value: { ...valid, approver: '' } }, NOW);
    expect(!plan.ok && plan.error).toMatch(/^fixed\.json is not a valid jetway\.approval\.decided\.v1: approver: .*; fix those fields and try again$/);
  });

  it.each([
    ['a body that is not JSON', letter('{"run_id":'), /^dead letter 42: its body is not UTF-8 JSON \(.+\); write the corrected event/],
    ['a body that was not kept', letter(undefined, [['jetway-dlq-dropped', 'body (990000 bytes): too big']]), /its body was not kept \(body \(990000 bytes\): too big\)/],
    ['a subject without a contract', { ...letter(valid), headers: [[DLQ_HEADERS.originalSubject, 'jetway.step.build.triggered.v2']] as [string, string][] }, /came from jetway\.step\.build\.triggered\.v2, which has no contract: it cannot be replayed/],
    ['a replay note', { ...letter(valid), subject: 'jetway-dlq.replayed.3', headers: [] }, /^JETWAY_DLQ seq 42 is a replay note, not a dead letter/],
  ])('refuses %s', (_what, dead, message) => {
    const plan = planReplay(dead, undefined, NOW);
    expect(plan.ok).toBe(false);
    expect(!plan.ok && plan.error).toMatch(message);
  });

  it('reads the original subject from its header, else from the DLQ subject', () => {
    expect(originalSubjectOf({ subject: 'jetway-dlq.jetway.step.build.started.v1', headers: [] })).toBe('jetway.step.build.started.v1');
    expect(originalSubjectOf(letter(valid))).toBe(SUBJECT);
  });
});

describe('subjectMatches', () => {
  it.each([
    ['jetway.step.build.triggered.v1', 'jetway.step.build.triggered.v1', true],
    ['jetway.step.*.triggered.v1', 'jetway.step.scan.triggered.v1', true],
    ['jetway.step.>', 'jetway.step.scan.finished.v1', true],
    ['jetway.step.>', 'jetway.step', false],
    ['jetway.step.*', 'jetway.step.scan.finished.v1', false],
    ['jetway.pipeline.requested.v1', 'jetway.pipeline.requested.v2', false],
    ['jetway.pipeline.requested.v1.x', 'jetway.pipeline.requested.v1', false],
  ])('%s matches %s: %s', (pattern, subject, expected) => {
    expect(subjectMatches(pattern, subject)).toBe(expected);
  });
});
