import { RunStatusView } from '@jetway/contracts';
import { sampleRequest } from '../testing/sample-request';
import { applyFinished, applyStarted, createRun, markTriggered } from './progress';
import { findStep, type StepState } from './run-state';
import { toStatusView } from './status-view';

const T = (s: number) => new Date(Date.parse('2026-12-01T00:00:00Z') + s * 1000).toISOString();

describe('applyFinished', () => {
  const triggered = () => {
    const run = createRun({ runId: '01J0000000000000000000000A', request: sampleRequest(), now: T(0) });
    return markTriggered(run, findStep(run, 'build') as StepState, T(1));
  };

  it('takes the start of a step done within a second (no started event) from its duration, and its worker from the event', () => {
    const run = applyFinished(triggered(), { step_id: 'build', attempt: 1, outcome: 'succeeded', outputs: {}, duration_ms: 400, worker: 'host:42' }, T(3));
    expect(findStep(run, 'build')).toMatchObject({ status: 'finished', started_at: T(2.6), finished_at: T(3), worker: 'host:42' });
  });

  it('changes nothing for a step not set off yet: a step finishes only after its trigger went out', () => {
    const run = createRun({ runId: '01J0000000000000000000000A', request: sampleRequest(), now: T(0) });
    expect(applyFinished(run, { step_id: 'scan', attempt: 1, outcome: 'succeeded', outputs: {}, duration_ms: 5 }, T(1))).toBe(run);
  });

  it('never puts the start before the trigger, and keeps a start and worker a started event recorded', () => {
    const early = applyFinished(triggered(), { step_id: 'build', attempt: 1, outcome: 'succeeded', outputs: {}, duration_ms: 60_000, worker: 'host:42' }, T(3));
    expect(findStep(early, 'build')?.started_at).toBe(T(1));
    const started = applyStarted(triggered(), { step_id: 'build', attempt: 1, worker: 'host:7' }, T(2));
    const run = applyFinished(started, { step_id: 'build', attempt: 1, outcome: 'succeeded', outputs: {}, duration_ms: 100, worker: 'host:42' }, T(3));
    expect(findStep(run, 'build')).toMatchObject({ started_at: T(2), worker: 'host:7' });
  });

  it('keeps a step log sent inline on the step, and shows it in the status view beside no log_object', () => {
    const run = applyFinished(triggered(), { step_id: 'build', attempt: 1, outcome: 'failed', reason: 'exit 1', log: 'compiling\nerror\n', duration_ms: 5 }, T(3));
    expect(findStep(run, 'build')).toMatchObject({ log: 'compiling\nerror\n' });
    expect(findStep(run, 'build')?.log_object).toBeUndefined();
    const view = toStatusView(run).steps.find((s) => s.step_id === 'build');
    expect(view).toMatchObject({ log: 'compiling\nerror\n' });
    expect(view?.log_object).toBeUndefined();
    expect(RunStatusView.parse(toStatusView(run)).steps.find((s) => s.step_id === 'build')?.log).toBe('compiling\nerror\n');
  });

  it('keeps only the name of a stored step log, and no log text', () => {
    const run = applyFinished(triggered(), { step_id: 'build', attempt: 1, outcome: 'succeeded', outputs: {}, log_object: 'step-log-x-build-1', duration_ms: 5 }, T(3));
    expect(findStep(run, 'build')).toMatchObject({ log_object: 'step-log-x-build-1' });
    expect('log' in (findStep(run, 'build') ?? {})).toBe(false);
    expect('log' in (toStatusView(run).steps.find((s) => s.step_id === 'build') ?? {})).toBe(false);
  });
});
