import { digestOf } from '../../use-cases/deploy.fakes';
import { deployRelease } from '../deploy-release';
import { fakeRolloutDeps, rolloutInput } from '../rollout.fakes';
import { scaleDown, ScaleDownSchedule } from './scale-down';

const V1 = digestOf('a');
const V2 = digestOf('b');
const BG = { blue_green: { auto_promote_seconds: 0, scale_down_delay_seconds: 30 }, analysis: { interval_seconds: 0.001 } };

async function promoted() {
  const deps = fakeRolloutDeps();
  await deployRelease(rolloutInput(V1, 'rolling', {}, { run_id: '01J0000000000000000000000A' }), deps);
  await deployRelease(rolloutInput(V2, 'blue_green', BG), deps);
  return deps;
}

describe('scale-down of a blue-green warm set', () => {
  it('stops the old set once its delay has passed, not before', async () => {
    const deps = await promoted();
    expect(await scaleDown('hello', 'staging', deps)).toBe(false);
    deps.clock.ms += 30_000;
    expect(await scaleDown('hello', 'staging', deps)).toBe(true);
    expect(deps.runtime.running('hello', 'staging').map((i) => i.release.digest)).toEqual([V2, V2]);
    expect(await deps.rollouts.warm('hello', 'staging')).toBeUndefined();
  });

  it('never stops a warm set that serves again', async () => {
    const deps = await promoted();
    const warm = await deps.rollouts.warm('hello', 'staging');
    await deps.router.setRoute('hello', 'staging', { stable: (warm?.targets ?? []).map((target) => ({ target, release: 'v1' })) });
    deps.clock.ms += 30_000;
    await scaleDown('hello', 'staging', deps);
    expect(deps.runtime.running('hello', 'staging').filter((i) => i.release.digest === V1)).toHaveLength(2);
  });

  it('schedules a timer when a warm set is written, and the sets a previous deployer left', async () => {
    const deps = await promoted();
    const queued: string[] = [];
    const schedule = new ScaleDownSchedule(deps, async (key, task) => (queued.push(key), task()), () => undefined);
    deps.clock.ms += 30_000;
    expect(await schedule.resume()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(queued).toEqual(['hello/staging']);
    expect(await deps.rollouts.warm('hello', 'staging')).toBeUndefined();
    schedule.close();
  });
});
