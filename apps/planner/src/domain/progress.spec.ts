import { sampleRequest } from '../testing/sample-request';
import { applyFinished, applyStarted, createRun, markTriggered } from './progress';
import { findStep, type StepState } from './run-state';

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

  it('never puts the start before the trigger, and keeps a start and worker a started event recorded', () => {
    const early = applyFinished(triggered(), { step_id: 'build', attempt: 1, outcome: 'succeeded', outputs: {}, duration_ms: 60_000, worker: 'host:42' }, T(3));
    expect(findStep(early, 'build')?.started_at).toBe(T(1));
    const started = applyStarted(triggered(), { step_id: 'build', attempt: 1, worker: 'host:7' }, T(2));
    const run = applyFinished(started, { step_id: 'build', attempt: 1, outcome: 'succeeded', outputs: {}, duration_ms: 100, worker: 'host:42' }, T(3));
    expect(findStep(run, 'build')).toMatchObject({ started_at: T(2), worker: 'host:7' });
  });
});
