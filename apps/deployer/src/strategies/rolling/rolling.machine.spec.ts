import type { RolloutEvent } from '../rollout.types';
import { drive, stateFor } from '../machine.fixture';
import { rollingMachine } from './rolling.machine';

const done = (fresh: string[], old: string[]): RolloutEvent => ({ kind: 'batch_done', fresh, old });

describe('rolling machine', () => {
  it('replaces the old set batch by batch, each batch health-gated, then records the release', () => {
    const run = drive(rollingMachine, stateFor('rolling', 'batching', {}, { old: ['o1', 'o2'] }), [done(['n1'], ['o2']), done(['n1', 'n2'], [])]);
    expect(run.effects).toEqual(['batch', 'batch', 'finish:succeeded']);
    expect(rollingMachine.decide(stateFor('rolling', 'batching', {}, { old: ['o1', 'o2'] }))).toEqual({ kind: 'batch', batch: { stopFirst: 0, start: 1, stopAfter: 1 } });
    expect(run.progress).toEqual(['weight@50', 'completed@100']);
  });

  it('batches by max_surge and max_unavailable', () => {
    const state = stateFor('rolling', 'batching', { rolling: { max_surge: '50%', max_unavailable: 1 } }, { release: { ...stateFor('rolling', 'batching').release, spec: { ...stateFor('rolling', 'batching').release.spec, replicas: 4 } }, old: ['o1', 'o2', 'o3', 'o4'] });
    expect(rollingMachine.decide(state)).toEqual({ kind: 'batch', batch: { stopFirst: 1, start: 3, stopAfter: 2 } });
  });

  it('a failed batch rolls the whole release back: the old release serves again, the new instances stop', () => {
    const failed: RolloutEvent = { kind: 'batch_failed', reason: '1 of 1 new instances unhealthy', fresh: ['n1'], old: ['o2'] };
    const run = drive(rollingMachine, stateFor('rolling', 'batching', {}, { stage: 1, fresh: ['n1'], old: ['o2'] }), [failed, { kind: 'restored', old: ['o2', 'o3'] }]);
    expect(run.effects).toEqual(['batch', 'restore', 'finish:rolled_back']);
    expect(run.state.end?.reason).toBe(
      'batch 2 of the rolling update failed: 1 of 1 new instances unhealthy; rolled back: all 2 instances of the previous release aaaaaaaaaaaa serve again, the new ones stopped',
    );
  });

  it('fails when nothing served before, or the old release cannot start again', () => {
    const failed: RolloutEvent = { kind: 'batch_failed', reason: 'unhealthy', fresh: [], old: [] };
    expect(drive(rollingMachine, stateFor('rolling', 'batching', {}, { stable: undefined, old: [] }), [failed]).state.end).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/no previous release was serving/) });
    const run = drive(rollingMachine, stateFor('rolling', 'restoring', {}, { reason: 'batch 1 failed' }), [{ kind: 'restore_failed', reason: 'not installed' }]);
    expect(run.state.end).toMatchObject({ outcome: 'failed', reason: 'batch 1 failed; rolling back failed too: not installed' });
  });
});
