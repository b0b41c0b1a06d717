import { digestOf } from '../../use-cases/deploy.fakes';
import { deployRelease } from '../deploy-release';
import { fakeRolloutDeps, rolloutInput, type FakeRolloutDeps } from '../rollout.fakes';
import { rollBack, type RollbackDeps } from './rollback.use-case';

const [V1, V2, V3] = [digestOf('a'), digestOf('b'), digestOf('c')];
const T0 = Date.parse('2030-01-01T00:00:00.000Z');
let runs = 0;

function withRollback(deps: FakeRolloutDeps): RollbackDeps {
  return { ...deps, fetchArtifact: async (digest) => `/artifacts/${digest}.tar.gz`, healthDeadlineMs: 1_000 };
}

async function deploy(deps: FakeRolloutDeps, digest: string, strategy: 'rolling' | 'blue_green' = 'rolling') {
  runs += 1;
  const rollout = { blue_green: { auto_promote_seconds: 0, scale_down_delay_seconds: 60 }, analysis: { interval_seconds: 0.001 } };
  const result = await deployRelease(rolloutInput(digest, strategy, rollout, { run_id: `01J0000000000000000000000${String.fromCharCode(64 + runs)}` }), deps);
  expect(result.outcome).toBe('succeeded');
}

const request = (overrides: Partial<Parameters<typeof rollBack>[0]> = {}) => ({
  run_id: '01J9999999999999999999999R', step_id: 'rollback', attempt: 1, application: 'hello', environment: 'staging' as const, triggeredAt: T0, ...overrides,
});
const serving = (deps: FakeRolloutDeps) => [...new Set(deps.router.backends('hello', 'staging').map((t) => deps.runtime.digestAt(`http://${t}`)))];

describe('rollBack', () => {
  it('switches back to the warm set of a blue-green promotion at once, and records the release with previous', async () => {
    const deps = fakeRolloutDeps();
    await deploy(deps, V1);
    await deploy(deps, V2, 'blue_green');
    const started = deps.runtime.started;
    const result = await rollBack(request(), withRollback(deps));
    expect(result).toMatchObject({ outcome: 'succeeded', outputs: { instant: true, from_digest: V2, release: { digest: V1, previous_digest: V2 }, health_path: '/health' } });
    expect(deps.runtime.started).toBe(started);
    expect(serving(deps)).toEqual([V1]);
    expect(deps.runtime.running('hello', 'staging').map((i) => i.release.digest)).toEqual([V1, V1]);
    expect(await deps.rollouts.warm('hello', 'staging')).toBeUndefined();
    expect(await deps.releases.get('hello', 'staging')).toMatchObject({ digest: V1, strategy: 'rollback', previous: { digest: V2 } });
  });

  it('redeploys the previous release from its recorded spec when nothing is warm (rolling)', async () => {
    const deps = fakeRolloutDeps();
    await deploy(deps, V1);
    await deploy(deps, V2);
    const result = await rollBack(request(), withRollback(deps));
    expect(result).toMatchObject({ outcome: 'succeeded', outputs: { instant: false, from_digest: V2, release: { digest: V1, previous_digest: V2 } } });
    expect(serving(deps)).toEqual([V1]);
  });

  it('goes back to to_digest, one of the recorded earlier releases; an unknown one is a clear failure', async () => {
    const deps = fakeRolloutDeps();
    for (const digest of [V1, V2, V3]) await deploy(deps, digest);
    expect(await rollBack(request({ to_digest: V1 }), withRollback(deps))).toMatchObject({ outcome: 'succeeded', outputs: { release: { digest: V1 }, from_digest: V3 } });
    const unknown = await rollBack(request({ run_id: '01J9999999999999999999999S', to_digest: digestOf('f') }), withRollback(deps));
    expect(unknown).toMatchObject({ outcome: 'failed', reason: `hello/staging has no recorded release ${digestOf('f')} (recorded before the current one: cccccccccccc, bbbbbbbbbbbb, aaaaaaaaaaaa)` });
  });

  it('fails clearly without a previous release, or without any release', async () => {
    const deps = fakeRolloutDeps();
    expect(await rollBack(request(), withRollback(deps))).toMatchObject({ outcome: 'failed', reason: 'hello/staging has no release: nothing to roll back' });
    await deploy(deps, V1);
    expect(await rollBack(request(), withRollback(deps))).toMatchObject({ outcome: 'failed', reason: 'hello/staging has no previous release: aaaaaaaaaaaa is the only one recorded' });
  });

  it('answers a redelivery with what it did instead of rolling back again', async () => {
    const deps = fakeRolloutDeps();
    await deploy(deps, V1);
    await deploy(deps, V2);
    await rollBack(request(), withRollback(deps));
    const again = await rollBack(request(), withRollback(deps));
    expect(again).toMatchObject({ outcome: 'succeeded', outputs: { release: { digest: V1 }, from_digest: V2 } });
    expect(serving(deps)).toEqual([V1]);
  });
});
