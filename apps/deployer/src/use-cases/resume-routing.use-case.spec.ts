import { digestOf, fakeDeps, deployInput } from './deploy.fakes';
import { resumeRouting } from './resume-routing.use-case';
import { rollingDeploy } from '../strategies/rollout.fakes';

const V1 = digestOf('a');
const V2 = digestOf('b');

describe('resumeRouting', () => {
  it('routes adopted instances of the recorded release and leaves an interrupted release unrouted', async () => {
    const deps = fakeDeps();
    await rollingDeploy(deployInput(V1), deps);
    const v1Targets = [...deps.router.backends('hello', 'staging')];
    // An interrupted deploy of V2 left two instances running, never routed or recorded.
    await deps.runtime.install({ application: 'hello', environment: 'staging', digest: V2 }, '/a.tgz');
    await deps.runtime.start({ application: 'hello', environment: 'staging', digest: V2 }, deployInput(V2).platform_config.run, 2);
    deps.router.table.clear(); // a restarted deployer's router knows nothing

    expect(await resumeRouting(deps)).toEqual(['hello/staging']);
    expect(deps.router.backends('hello', 'staging')).toEqual(v1Targets);
  });

  it('restores nothing when no release was recorded', async () => {
    const deps = fakeDeps();
    await deps.runtime.install({ application: 'hello', environment: 'staging', digest: V1 }, '/a.tgz');
    await deps.runtime.start({ application: 'hello', environment: 'staging', digest: V1 }, deployInput(V1).platform_config.run, 1);
    expect(await resumeRouting(deps)).toEqual([]);
    expect(deps.router.backends('hello', 'staging')).toEqual([]);
  });

  it('routes only the instances started with the recorded run spec, not an interrupted redeploy of the same digest', async () => {
    const deps = fakeDeps();
    await rollingDeploy(deployInput(V1), deps);
    const recordedTargets = [...deps.router.backends('hello', 'staging')];
    const otherRun = { ...deployInput(V1).platform_config.run, env: { APP_VERSION: 'next' } };
    await deps.runtime.start({ application: 'hello', environment: 'staging', digest: V1 }, otherRun, 2); // then the deployer died
    deps.router.table.clear();

    expect(await resumeRouting(deps)).toEqual(['hello/staging']);
    expect(deps.router.backends('hello', 'staging')).toEqual(recordedTargets);
  });

  it('leaves a route the router kept serving (it outlived the deployer) as it is, canary split included', async () => {
    const deps = fakeDeps();
    await rollingDeploy(deployInput(V1), deps);
    const kept = { stable: [{ target: '127.0.0.1:9000', release: 'v1' }], canary: { backends: [{ target: '127.0.0.1:9001', release: 'v2' }], weight: 25 } };
    await deps.router.setRoute('hello', 'staging', kept);

    expect(await resumeRouting(deps)).toEqual([]);
    expect(await deps.router.route('hello', 'staging')).toEqual(kept);
  });
});
