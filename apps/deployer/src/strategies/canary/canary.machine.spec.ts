import { drive, ev, stateFor } from '../machine.fixture';
import { canaryMachine, criteriaAt } from './canary.machine';

const STEPS = { canary: { steps: [{ weight: 10, duration_seconds: 60, success_criteria: { error_rate: 0.01 } }, { weight: 50, duration_seconds: 60 }, { weight: 100, duration_seconds: 0 }] } };

describe('canary machine', () => {
  it('walks the steps: start, each weight with its analysis, promotion at 100 %, the old set stopped', () => {
    const run = drive(canaryMachine, stateFor('canary', 'starting', STEPS), [
      ev.started(), ev.routed(), ev.pass(), ev.routed(), ev.pass(), ev.routed(), ev.routed(), ev.retired(),
    ]);
    expect(run.effects).toEqual([
      'start', 'route:old+canary10', 'analyse', 'route:old+canary50', 'analyse', 'route:old+canary100', 'route:fresh', 'retire:old', 'finish:succeeded',
    ]);
    expect(run.progress).toEqual(['started@10', 'weight@10', 'analysis@50', 'weight@50', 'analysis@100', 'weight@100', 'promoted@100', 'completed@100']);
    expect(run.state.end).toEqual({ outcome: 'succeeded', record: true });
  });

  it('analyses each step until its duration ends, by the nearest criteria', () => {
    const state = stateFor('canary', 'analysing', STEPS, { stage: 1, weight: 50, since: 5_000 });
    expect(canaryMachine.decide(state)).toEqual({ kind: 'analyse', criteria: { error_rate: 0.01 }, untilMs: 65_000, probe: false });
    expect(criteriaAt([{ weight: 100, duration_seconds: 0 }], 0)).toEqual({});
  });

  it('pauses at a manual approval point until promote', () => {
    const rollout = { ...STEPS, canary: { ...STEPS.canary, manual_approval_points: ['50%'] } };
    const run = drive(canaryMachine, stateFor('canary', 'shifting', rollout, { stage: 1, weight: 50, fresh: ['t'] }), [ev.routed(), ev.pass(), ev.promote('bob')]);
    expect(run.effects).toEqual(['route:old+canary50', 'analyse', 'wait', 'route:old+canary100']);
    expect(run.transitions[1]?.progress).toMatchObject({ phase: 'paused', message: expect.stringMatching(/manual approval point at 50 %/) });
    expect(run.transitions[2]?.progress?.message).toMatch(/promote by bob at step 2 of 3 \(50 %\)/);
  });

  it('an inconclusive analysis pauses for a person and never promotes on its own', () => {
    const run = drive(canaryMachine, stateFor('canary', 'analysing', STEPS, { weight: 10 }), [ev.inconclusive()]);
    expect(run.state.phase).toBe('paused');
    expect(run.progress).toEqual(['paused@10']);
    expect(run.transitions[0]?.progress?.message).toMatch(/inconclusive: 3 requests, below min_requests 20; paused for a person/);
    expect(canaryMachine.decide(run.state)).toEqual({ kind: 'wait' });
    // only a command or the deadline moves it
    expect(() => canaryMachine.apply(run.state, ev.waited(), 9)).toThrow(/no move for 'waited'/);
  });

  it('a failed analysis sets the weight to 0, stops the canary and ends rolled_back saying which step, criterion and what serves', () => {
    const run = drive(canaryMachine, stateFor('canary', 'analysing', STEPS, { weight: 10, fresh: ['t'] }), [ev.fail(), ev.routed(), ev.retired()]);
    expect(run.effects).toEqual(['analyse', 'route:old', 'retire:fresh', 'finish:rolled_back']);
    expect(run.progress).toEqual(['aborted@10', 'rolled_back@0']);
    expect(run.state.end?.reason).toBe(
      'canary step 1 of 3 (10 %): analysis failed: error rate 30.0 % (threshold 1.0 %) over 400 requests; aborted: the stable release aaaaaaaaaaaa serves all traffic',
    );
  });

  it('abort by command, from a pause or during analysis; promote during analysis skips the rest of the step', () => {
    const paused = stateFor('canary', 'paused', STEPS, { weight: 10 });
    expect(drive(canaryMachine, paused, [ev.abort('carol', 'error budget')]).state).toMatchObject({ phase: 'aborting', reason: expect.stringMatching(/abort by carol \("error budget"\)/) });
    const skipped = drive(canaryMachine, stateFor('canary', 'analysing', STEPS, { weight: 10 }), [ev.promote()]);
    expect(skipped.state).toMatchObject({ phase: 'shifting', stage: 1, weight: 50 });
  });

  it('the deadline aborts a pause', () => {
    const run = drive(canaryMachine, stateFor('canary', 'paused', STEPS, { weight: 10 }), [ev.deadline()]);
    expect(run.state.reason).toMatch(/deadline came before the rollout could finish; aborted/);
  });

  it('a first release (nothing serves) is promoted at once; a failed start leaves the old set serving', () => {
    const first = drive(canaryMachine, stateFor('canary', 'starting', STEPS, { stable: undefined, old: [] }), [ev.started(), ev.routed(), ev.retired()]);
    expect(first.effects).toEqual(['start', 'route:fresh', 'retire:old', 'finish:succeeded']);
    const failed = canaryMachine.apply(stateFor('canary', 'starting'), { kind: 'start_failed', reason: '1 of 2 new instances unhealthy' }, 1);
    expect(failed.state.end).toEqual({ outcome: 'rolled_back', reason: '1 of 2 new instances unhealthy; the previous release keeps serving', record: false });
  });
});
