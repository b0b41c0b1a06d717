import { createRun, markTriggered } from '../domain/progress';
import type { RunState, StepState } from '../domain/run-state';
import { sampleRequest } from '../testing/sample-request';
import { sweepOpenRuns, sweepUntilRead } from './deadline-sweep';

const NOW = '2026-12-01T00:00:00.000Z';
const run = (runId: string, status: RunState['status']): RunState => {
  const fresh = createRun({ runId, request: sampleRequest(), now: NOW });
  return { ...markTriggered(fresh, fresh.steps[0] as StepState, NOW), status };
};

describe('sweepOpenRuns', () => {
  it('tracks every open run in the store and skips ended runs and keys that are not run ids', async () => {
    const stored = new Map([
      ['01J0000000000000000000000A', run('01J0000000000000000000000A', 'running')],
      ['01J0000000000000000000000B', run('01J0000000000000000000000B', 'succeeded')],
      ['01J0000000000000000000000C', run('01J0000000000000000000000C', 'running')],
    ]);
    const tracked: string[] = [];
    const result = await sweepOpenRuns(
      { ids: async () => [...stored.keys(), '_probe'] },
      { get: async (id) => (stored.has(id) ? { run: stored.get(id) as RunState, revision: 1 } : undefined), create: async () => 1, update: async () => 2 },
      { track: (r) => void tracked.push(r.run_id) },
      2,
    );
    expect(result).toEqual({ runs: 3, open: 2 });
    expect(tracked.sort()).toEqual(['01J0000000000000000000000A', '01J0000000000000000000000C']);
  });
});

describe('sweepUntilRead', () => {
  it('reads again after a failure, and gives up once stopped', async () => {
    const failures: string[] = [];
    let calls = 0;
    const found = await sweepUntilRead(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('no responders');
        return { runs: 1, open: 1 };
      },
      (error) => void failures.push(String(error)),
      () => false,
      1,
    );
    expect(found).toEqual({ runs: 1, open: 1 });
    expect(failures).toEqual(['Error: no responders']);
    expect(await sweepUntilRead(async () => ({ runs: 0, open: 0 }), () => undefined, () => true)).toBeUndefined();
  });
});
