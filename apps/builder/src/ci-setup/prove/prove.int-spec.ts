import { join } from 'node:path';
import type { Subscription } from 'nats';
import { ulid } from 'ulid';
import { artifactObjectName, ProveFinished, type ProveTriggered } from '@jetway/contracts';
import { ArtifactObjects, EventPublisher, type ServiceHandle } from '@jetway/messaging';
import { ciFixtureFiles, startNats, waitFor, type NatsFixture } from '@jetway/testing';
import { makeTempDir } from '../../drivers/command/fixtures.testing';
import { loadBuilderConfig, startBuilder } from '../../index';
import { packTree } from '../publish/memory-objects.testing';

const NODE = { component: '.', install: 'npm ci --offline --no-audit --no-fund', build: 'npm run build', test: 'npm run test:coverage' };
describe('builder prove step on a real nats-server (int)', () => {
  let nats: NatsFixture;
  let handle: ServiceHandle;
  let tmp: ReturnType<typeof makeTempDir>;
  const finished: ProveFinished[] = [];
  const subs: Subscription[] = [];

  beforeAll(async () => {
    nats = await startNats();
    tmp = makeTempDir('prove-int');
    handle = await startBuilder({ ...loadBuilderConfig({}), JETWAY_NATS_URL: nats.url, JETWAY_BUILDER_WORK_DIR: join(tmp.path, 'work'), JETWAY_LOG_LEVEL: 'warn' });
    const collect = <T>(subject: string, into: T[], parse: (body: unknown) => T) => {
      const sub = handle.mesh.nc.subscribe(subject);
      subs.push(sub);
      void (async () => {
        for await (const msg of sub) into.push(parse(msg.json()));
      })();
    };
    collect('jetway.step.prove.finished.v1', finished, (body) => ProveFinished.parse(body));
    await handle.mesh.nc.flush();
  });
  afterAll(async () => {
    subs.forEach((sub) => sub.unsubscribe());
    await handle?.stop();
    await nats?.stop();
    tmp?.cleanup();
  });

  async function store(files: Record<string, string>): Promise<string> {
    const { digest, bytes } = await packTree(files);
    await handle.mesh.artifacts.putBlob({ name: artifactObjectName(digest) }, bytes);
    return digest;
  }

  async function prove(files: Record<string, string>, commands: ProveTriggered['commands']): Promise<ProveFinished> {
    const runId = ulid();
    const trigger = {
      run_id: runId,
      step_id: 'prove',
      attempt: 1,
      application: 'hello-node',
      source_digest: await store(files),
      bundle_digest: await store({ '.github/workflows/ci.yml': 'on: push\n' }),
      commands,
      coverage_threshold: 80,
      timeout_seconds: 120,
    };
    await new EventPublisher(handle.mesh.js, 'test').publish('jetway.step.prove.triggered.v1', trigger, { runId, stepId: 'prove', attempt: 1 });
    return waitFor(() => finished.find((event) => event.run_id === runId), { message: 'step.prove.finished', timeoutMs: 60_000 });
  }

  const readObject = async (name: string) => (await ArtifactObjects.of(handle.mesh).getBytes(name)).toString();

  it('proves the Node fixture: finished succeeded with what ran, the coverage and a readable log', async () => {
    const event = await prove(ciFixtureFiles('node-app'), [NODE]);
    // The finished names its worker (a step done within a second publishes no started).
    expect(event.worker).toMatch(/^.+:\d+$/);
    expect(event.outcome).toBe('succeeded');
    expect(event.outputs?.ran.map((ran) => `${ran.phase}:${ran.exit_code}`)).toEqual(['install:0', 'build:0', 'test:0']);
    expect(event.outputs?.coverage).toEqual([{ component: '.', percent: 100 }]);
    // Inline when small, else stored under the attempt's name: never both.
    expect(event.log === undefined).not.toBe(event.log_object === undefined);
    if (event.log_object !== undefined) expect(event.log_object).toBe(`step-log-${event.run_id}-prove-1`);
    expect(event.log ?? (await readObject(event.log_object ?? ''))).toContain('built dist/');
  });

  it('finishes skipped, saying what is missing, when no component can be proven on this machine', async () => {
    // A toolchain no machine has, so the case runs everywhere (a Go module without go skips the same way).
    const tool = 'jetway-absent-toolchain';
    const event = await prove({ 'README.md': 'x\n' }, [{ component: '.', build: `${tool} build`, test: `${tool} test` }]);
    expect(event.outcome).toBe('skipped');
    expect(event.reason).toBe(`nothing could be proven on this machine: component .: ${tool} not found on PATH (needed by: ${tool} build ; ${tool} test)`);
    expect(event.outputs?.skipped).toEqual([{ component: '.', reason: `${tool} not found on PATH (needed by: ${tool} build ; ${tool} test)` }]);
  });
});
