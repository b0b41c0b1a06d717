import { drive, ev, stateFor } from '../machine.fixture';
import { blueGreenMachine } from './blue-green.machine';

const BG = (blue_green: Record<string, unknown> = {}) => ({ blue_green, analysis: { interval_seconds: 2 } });

describe('blue-green machine', () => {
  it('previews the new set, analyses it there (with probe traffic), promotes after the delay, analyses again, keeps the old set warm', () => {
    const run = drive(blueGreenMachine, stateFor('blue_green', 'starting', BG({ auto_promote_seconds: 10, scale_down_delay_seconds: 30 })), [
      ev.started(), ev.routed(), ev.pass(), ev.waited(), ev.routed(), ev.pass(),
    ]);
    expect(run.effects).toEqual(['start', 'route:old+preview', 'analyse', 'wait:12000', 'route:fresh', 'analyse', 'finish:succeeded']);
    expect(run.progress).toEqual(['started@0', 'weight@0', 'analysis@0', 'analysis@0', 'promoted@100', 'completed@100']);
    expect(run.state.end).toEqual({ outcome: 'succeeded', record: true, keepWarmSeconds: 30 });
  });

  it('measures three intervals on the preview URL with its probe, and after the switch on real traffic', () => {
    const pre = blueGreenMachine.decide(stateFor('blue_green', 'pre_analysis', BG(), { since: 1_000 }));
    expect(pre).toMatchObject({ kind: 'analyse', untilMs: 7_000, probe: true });
    expect(blueGreenMachine.decide(stateFor('blue_green', 'post_analysis', BG(), { since: 1_000 }))).toMatchObject({ kind: 'analyse', untilMs: 7_000, probe: false });
  });

  it('waits for jetway promote when auto_promote is off', () => {
    const run = drive(blueGreenMachine, stateFor('blue_green', 'pre_analysis', BG({ auto_promote: false })), [ev.pass(), ev.promote('bob')]);
    expect(run.effects).toEqual(['analyse', 'wait', 'route:fresh']);
    expect(run.transitions[0]?.progress).toMatchObject({ phase: 'paused', message: expect.stringMatching(/waiting for jetway promote/) });
  });

  it('a failed pre-promotion analysis stops the new set: it never got traffic', () => {
    const run = drive(blueGreenMachine, stateFor('blue_green', 'pre_analysis', BG(), { fresh: ['t'] }), [ev.fail(), ev.routed(), ev.retired()]);
    expect(run.effects).toEqual(['analyse', 'route:old', 'retire:fresh', 'finish:rolled_back']);
    expect(run.state.end?.reason).toMatch(/^blue-green pre-promotion analysis failed: error rate 30.0 % \(threshold 1.0 %\)/);
  });

  it('an inconclusive pre-promotion analysis pauses for a person', () => {
    const run = drive(blueGreenMachine, stateFor('blue_green', 'pre_analysis', BG()), [ev.inconclusive()]);
    expect(run.state.phase).toBe('paused');
    expect(blueGreenMachine.decide(run.state)).toEqual({ kind: 'wait' });
  });

  it('a failed post-promotion analysis switches traffic back to the old set and stops the new one', () => {
    const run = drive(blueGreenMachine, stateFor('blue_green', 'post_analysis', BG(), { weight: 100, fresh: ['t'] }), [ev.fail(), ev.routed(), ev.retired()]);
    expect(run.effects).toEqual(['analyse', 'route:old', 'retire:fresh', 'finish:rolled_back']);
    expect(run.progress).toEqual(['aborted@100', 'rolled_back@0']);
    expect(run.state.end?.reason).toMatch(/post-promotion analysis failed: .*; switched back: the previous release aaaaaaaaaaaa serves all traffic again/);
  });

  it('an inconclusive post-promotion analysis keeps the promoted release (it already serves)', () => {
    const run = drive(blueGreenMachine, stateFor('blue_green', 'post_analysis', BG()), [ev.inconclusive()]);
    expect(run.state.end).toMatchObject({ outcome: 'succeeded', record: true });
  });

  it('skips what is switched off; a first release is switched on directly', () => {
    const bare = BG({ pre_promotion_analysis: false, post_promotion_analysis: false, auto_promote_seconds: 0, scale_down_delay_seconds: 0 });
    const run = drive(blueGreenMachine, stateFor('blue_green', 'starting', bare), [ev.started(), ev.routed(), ev.waited(), ev.routed()]);
    expect(run.effects).toEqual(['start', 'route:old+preview', 'wait:2000', 'route:fresh', 'finish:succeeded']);
    const first = drive(blueGreenMachine, stateFor('blue_green', 'starting', BG(), { stable: undefined, old: [] }), [ev.started(), ev.routed()]);
    expect(first.effects).toEqual(['start', 'route:fresh', 'finish:succeeded']);
  });
});
