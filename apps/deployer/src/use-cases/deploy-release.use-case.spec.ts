import { deployRelease } from './deploy-release.use-case';
import { deployInput, digestOf, fakeDeps } from './deploy.fakes';

const V1 = digestOf('a');

describe('deployRelease', () => {
  it.each(['canary', 'blue_green'] as const)('fails %s clearly without touching the runtime', async (strategy) => {
    const deps = fakeDeps();
    const result = await deployRelease({ ...deployInput(V1), strategy }, deps);
    expect(result).toEqual({
      outcome: 'failed',
      reason: `strategy '${strategy}' is not supported by the local driver yet; use 'rolling' or 'recreate'`,
      instances: [],
    });
    expect(deps.runtime.started).toBe(0);
  });

  it.each(['rolling', 'recreate'] as const)('deploys with %s and records that strategy', async (strategy) => {
    const deps = fakeDeps();
    const result = await deployRelease({ ...deployInput(V1), strategy }, deps);
    expect(result.outcome).toBe('succeeded');
    expect((await deps.releases.get('hello', 'staging'))?.strategy).toBe(strategy);
  });
});
