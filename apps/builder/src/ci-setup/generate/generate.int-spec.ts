import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Subscription } from 'nats';
import * as tar from 'tar';
import { ulid } from 'ulid';
import { artifactObjectName, GenerateFinished, ProveFinished, type GenerateTriggered, type ProjectAnalysis } from '@jetway/contracts';
import { ArtifactObjects, EventPublisher, type ServiceHandle } from '@jetway/messaging';
import { ciFixtureFiles, startNats, waitFor, type NatsFixture } from '@jetway/testing';
import { makeTempDir } from '../../drivers/command/fixtures.testing';
import { loadBuilderConfig, startBuilder } from '../../index';
import { packTree } from '../publish/memory-objects.testing';
import { fixtureAnalyses, generateTrigger } from './generate.testing';

describe('builder generate step on a real nats-server (int)', () => {
  let nats: NatsFixture;
  let handle: ServiceHandle;
  let tmp: ReturnType<typeof makeTempDir>;
  let analyses: Awaited<ReturnType<typeof fixtureAnalyses>>;
  const finished: GenerateFinished[] = [];
  const proven: ProveFinished[] = [];
  const subs: Subscription[] = [];

  beforeAll(async () => {
    analyses = await fixtureAnalyses();
    nats = await startNats();
    tmp = makeTempDir('generate-int');
    handle = await startBuilder({ ...loadBuilderConfig({}), JETWAY_NATS_URL: nats.url, JETWAY_BUILDER_WORK_DIR: join(tmp.path, 'work'), JETWAY_LOG_LEVEL: 'warn' });
    const collect = <T>(subject: string, into: T[], parse: (body: unknown) => T) => {
      const sub = handle.mesh.nc.subscribe(subject);
      subs.push(sub);
      void (async () => {
        for await (const msg of sub) into.push(parse(msg.json()));
      })();
    };
    collect('jetway.step.generate.finished.v1', finished, (body) => GenerateFinished.parse(body));
    collect('jetway.step.prove.finished.v1', proven, (body) => ProveFinished.parse(body));
    await handle.mesh.nc.flush();
  });
  afterAll(async () => {
    subs.forEach((sub) => sub.unsubscribe());
    await handle?.stop();
    await nats?.stop();
    tmp?.cleanup();
  });

  const publisher = () => new EventPublisher(handle.mesh.js, 'test');
  const readObject = async (name: string) => (await ArtifactObjects.of(handle.mesh).getBytes(name));
  /** The step's log as `jetway logs` finds it: inline in the event, or the object a large one was stored as (never both). */
  const logOf = async (event: GenerateFinished): Promise<string> => {
    expect(event.log === undefined).not.toBe(event.log_object === undefined);
    if (event.log_object !== undefined) expect(event.log_object).toBe(`step-log-${event.run_id}-generate-1`);
    return event.log ?? (await readObject(event.log_object ?? '')).toString();
  };

  async function generate(analysis: ProjectAnalysis, overrides: Partial<GenerateTriggered> = {}): Promise<GenerateFinished> {
    const runId = ulid();
    const trigger = generateTrigger(analysis, { run_id: runId, ...overrides });
    await publisher().publish('jetway.step.generate.triggered.v1', trigger, { runId, stepId: 'generate', attempt: 1 });
    return waitFor(() => finished.find((event) => event.run_id === runId), { message: 'step.generate.finished', timeoutMs: 30_000 });
  }

  it('finishes with a stored bundle whose files are exactly the files and hashes it reports, and a readable log', async () => {
    const event = await generate(analyses['node-monorepo']);
    // The finished names its worker (a step done within a second publishes no started).
    expect(event.worker).toMatch(/^.+:\d+$/);
    expect(event.outcome).toBe('succeeded');
    const outputs = event.outputs;
    if (!outputs) throw new Error('no outputs');
    const bundle = await readObject(artifactObjectName(outputs.digest));
    expect(`sha256:${createHash('sha256').update(bundle).digest('hex')}`).toBe(outputs.digest);
    const out = join(tmp.path, event.run_id);
    mkdirSync(out);
    writeFileSync(join(tmp.path, `${event.run_id}.tgz`), bundle);
    await tar.x({ file: join(tmp.path, `${event.run_id}.tgz`), cwd: out });
    for (const file of outputs.files) expect(createHash('sha256').update(readFileSync(join(out, file.path))).digest('hex')).toBe(file.sha256);
    expect(outputs.files.map((file) => file.path)).toEqual(['.github/workflows/ci-cd.yml', '.gitlab-ci.yml', '.circleci/config.yml', 'azure-pipelines.yml', 'Jenkinsfile', 'dashboards/quality.json', 'docs/ci/README.md']);
    expect(outputs.commands.map((command) => command.component)).toEqual(['services/api', 'services/web']);
    expect(await logOf(event)).toContain(`bundle: ${outputs.digest}\n`);
  });

  it.each(['node-app', 'node-monorepo'] as const)('hands the prove step commands that build and test the %s fixture for real', async (name) => {
    const generated = await generate(analyses[name], { platforms: ['github_actions'] });
    const outputs = generated.outputs;
    if (!outputs) throw new Error('no outputs');
    const source = await packTree(ciFixtureFiles(name));
    await handle.mesh.artifacts.putBlob({ name: artifactObjectName(source.digest) }, source.bytes);
    const runId = ulid();
    const trigger = { run_id: runId, step_id: 'prove', attempt: 1, application: 'shop', source_digest: source.digest, bundle_digest: outputs.digest, commands: outputs.commands, coverage_threshold: 80, timeout_seconds: 120 };
    await publisher().publish('jetway.step.prove.triggered.v1', trigger, { runId, stepId: 'prove', attempt: 1 });
    const event = await waitFor(() => proven.find((proof) => proof.run_id === runId), { message: 'step.prove.finished', timeoutMs: 90_000 });
    expect({ outcome: event.outcome, reason: event.reason }).toEqual({ outcome: 'succeeded', reason: undefined });
    const expected = outputs.commands.flatMap((command) =>
      (['install', 'build', 'test'] as const).flatMap((phase) => (command[phase] ? [[command.component, phase, command[phase], 0]] : [])),
    );
    expect(event.outputs?.ran.map((ran) => [ran.component, ran.phase, ran.command, ran.exit_code])).toEqual(expected);
    expect(expected.filter(([, phase]) => phase === 'test').map(([, , command]) => command)).toEqual(
      outputs.commands.map(() => 'node --test --experimental-test-coverage --test-coverage-lines=80'),
    );
  });

  it('fails with the reason, and still keeps a log, when the analysis has no component', async () => {
    const event = await generate({ languages: [], components: [], dockerfiles: [], existing_ci: [], notes: [] });
    expect(event).toMatchObject({ outcome: 'failed', reason: 'the analysis found no component to build and test: nothing to generate' });
    expect(event.outputs).toBeUndefined();
    // One line: inline, nothing stored.
    expect(event.log).toBe('the analysis found no component to build and test: nothing to generate\n');
    expect(event.log_object).toBeUndefined();
  });
});
