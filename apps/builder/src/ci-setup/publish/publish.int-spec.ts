import { join } from 'node:path';
import type { Subscription } from 'nats';
import { ulid } from 'ulid';
import { artifactObjectName, PublishFinished } from '@jetway/contracts';
import { EventPublisher, type ServiceHandle } from '@jetway/messaging';
import { createCiFixture, runGit, startNats, waitFor, type CiFixture, type NatsFixture } from '@jetway/testing';
import { makeTempDir } from '../../drivers/command/fixtures.testing';
import { loadBuilderConfig, startBuilder } from '../../index';
import { packTree } from './memory-objects.testing';

const BUNDLE = { '.github/workflows/ci.yml': 'on: push\n', 'ci/README.md': '# CI\n' };

describe('builder publish step on a real nats-server (int)', () => {
  let nats: NatsFixture;
  let handle: ServiceHandle;
  let tmp: ReturnType<typeof makeTempDir>;
  const fixtures: CiFixture[] = [];
  const finished: PublishFinished[] = [];
  let sub: Subscription;

  beforeAll(async () => {
    nats = await startNats();
    tmp = makeTempDir('publish-int');
    handle = await startBuilder({ ...loadBuilderConfig({}), JETWAY_NATS_URL: nats.url, JETWAY_BUILDER_WORK_DIR: join(tmp.path, 'work'), JETWAY_LOG_LEVEL: 'warn' });
    sub = handle.mesh.nc.subscribe('jetway.step.publish.finished.v1');
    void (async () => {
      for await (const msg of sub) finished.push(PublishFinished.parse(msg.json()));
    })();
    await handle.mesh.nc.flush();
  });
  afterAll(async () => {
    sub?.unsubscribe();
    await handle?.stop();
    await nats?.stop();
    fixtures.forEach((fixture) => fixture.cleanup());
    tmp?.cleanup();
  });

  async function publish(path: string, runId = ulid()): Promise<PublishFinished> {
    const { digest, bytes } = await packTree(BUNDLE);
    await handle.mesh.artifacts.putBlob({ name: artifactObjectName(digest) }, bytes);
    const trigger = { run_id: runId, step_id: 'publish', attempt: 1, application: 'hello-node', project: { path }, bundle_digest: digest, branch: `jetway/ci-setup-${runId}` };
    await new EventPublisher(handle.mesh.js, 'test').publish('jetway.step.publish.triggered.v1', trigger, { runId, stepId: 'publish', attempt: 1 });
    return waitFor(() => finished.find((event) => event.run_id === runId), { message: 'step.publish.finished' });
  }

  it('commits the bundle on the new branch of a git fixture: finished succeeded with files, branch and commit', async () => {
    const fixture = createCiFixture('node-app', { git: true });
    fixtures.push(fixture);
    const event = await publish(fixture.path);
    const branch = `jetway/ci-setup-${event.run_id}`;
    expect(event.outcome).toBe('succeeded');
    expect(event.outputs).toEqual({ files: ['.github/workflows/ci.yml', 'ci/README.md'], branch, commit: runGit(fixture.path, 'rev-parse', branch) });
    expect(runGit(fixture.path, 'rev-list', '--count', `${fixture.commit}..${branch}`)).toBe('1');
    expect(runGit(fixture.path, 'diff', '--name-only', `${fixture.commit}..${branch}`)).toBe('.github/workflows/ci.yml\nci/README.md');
    expect(runGit(fixture.path, 'status', '--porcelain')).toBe('');
    expect(runGit(fixture.path, 'rev-parse', 'HEAD')).toBe(fixture.commit);
  });

  it('finishes failed, naming the branch, when a different branch of that name exists', async () => {
    const fixture = createCiFixture('node-app', { git: true });
    fixtures.push(fixture);
    const runId = ulid();
    runGit(fixture.path, 'branch', `jetway/ci-setup-${runId}`);
    const event = await publish(fixture.path, runId);
    expect(event.outcome).toBe('failed');
    expect(event.reason).toContain(`branch jetway/ci-setup-${runId} already exists at ${fixture.commit?.slice(0, 12)} with other content`);
  });
});
