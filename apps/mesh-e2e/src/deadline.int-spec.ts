import { helloRequest } from './requests';
import { startMesh, type Mesh } from './mesh.fixture';

describe('a step whose service never answers', () => {
  let mesh: Mesh;

  beforeAll(async () => {
    mesh = await startMesh({ only: ['planner', 'scanner', 'deployer', 'notifier'] });
  });
  afterAll(async () => {
    await mesh?.stop();
  });

  it('fails the run at the step deadline with a reason naming the silent service', async () => {
    const started = Date.now();
    const runId = await mesh.client.publishRequest(helloRequest({ deadlines: { build: 2 } }));
    const run = await mesh.client.watch(runId, () => undefined, 100);
    expect(run.status).toBe('failed');
    expect(run.reason).toBe('step build missed its deadline of 2s: no step.build.finished from the builder (it never started: is the builder running?)');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    await mesh.slack.waitFor(1);
    expect(JSON.stringify(mesh.slack.received)).toContain('missed its deadline');
  });
});
