import { EVENT_SUBJECTS, events, isEventSubject, queries, stepSubject, type EventContract } from './registry';
import { SAMPLES } from './samples';
import { WORK_STEP_KINDS } from './step/kinds';
import { parseWith } from './validation';

describe('event registry', () => {
  it('names every subject jetway.<domain>.<event>.v<major>', () => {
    for (const subject of EVENT_SUBJECTS) expect(subject).toMatch(/^jetway\.[a-z]+(\.[a-z-]+)+\.v[1-9][0-9]*$/);
  });

  it.each(EVENT_SUBJECTS)('accepts the valid sample of %s', (subject) => {
    const result = parseWith(events[subject].schema, SAMPLES[subject]);
    expect(result).toMatchObject({ ok: true });
  });

  it.each(EVENT_SUBJECTS)('rejects a body that is not an object on %s, naming the root', (subject) => {
    expect(parseWith(events[subject].schema, 'not an event')).toEqual({ ok: false, error: expect.stringContaining('(root):') });
  });

  it('has one sample per subject and no sample for an unknown subject', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...EVENT_SUBJECTS].sort());
  });

  it('maps every step kind onto triggered, started and finished subjects', () => {
    expect(WORK_STEP_KINDS).toEqual(['build', 'scan', 'deploy', 'verify', 'monitor', 'analyze', 'generate', 'validate', 'prove', 'rollback', 'monitoring-generate', 'monitoring-validate', 'monitoring-apply', 'monitoring-verify', 'infra-generate', 'infra-scan', 'infra-plan', 'infra-apply', 'infra-configure', 'infra-verify', 'publish']);
    for (const kind of WORK_STEP_KINDS) {
      for (const phase of ['triggered', 'started', 'finished'] as const) {
        expect(isEventSubject(stepSubject(kind, phase))).toBe(true);
      }
    }
  });

  it('tells persisted subjects from queries and unknown strings', () => {
    expect(isEventSubject('jetway.pipeline.requested.v1')).toBe(true);
    expect(isEventSubject(queries.runStatus)).toBe(false);
    expect(isEventSubject('jetway.pipeline.requested.v2')).toBe(false);
    expect(isEventSubject('toString')).toBe(false);
  });

  it('gives every step-phase event a CDEvents type', () => {
    const stepSubjects = EVENT_SUBJECTS.filter((subject) => subject.startsWith('jetway.step.'));
    for (const subject of stepSubjects) {
      const contract: EventContract = events[subject];
      expect(contract.cdevent).toMatch(/^dev\.cdevents\.[a-z]+\.[a-z]+\.0\.2\.0$/);
    }
  });
});
