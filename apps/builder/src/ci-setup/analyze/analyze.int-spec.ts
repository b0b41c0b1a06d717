import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Subscription } from 'nats';
import * as tar from 'tar';
import { ulid } from 'ulid';
import { AnalyzeFinished, artifactObjectName, stepLogObjectName } from '@jetway/contracts';
import { ArtifactObjects, EventPublisher, type ServiceHandle } from '@jetway/messaging';
import { createCiFixture, runGit, startNats, waitFor, type CiFixture, type NatsFixture } from '@jetway/testing';
import { makeTempDir } from '../../drivers/command/fixtures.testing';
import { loadBuilderConfig, startBuilder } from '../../index';

/** Path → content of the regular files in a tar.gz. */
function filesIn(archive: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  const parser = new tar.Parser({
    onReadEntry: (entry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => files.set(entry.path, Buffer.concat(chunks).toString()));
    },
  });
  parser.end(gunzipSync(archive));
  return files;
}

describe('builder analyze step on a real nats-server (int)', () => {
  let nats: NatsFixture;
  let handle: ServiceHandle;
  let tmp: ReturnType<typeof makeTempDir>;
  let repo: CiFixture;
  const finished: AnalyzeFinished[] = [];
  const subs: Subscription[] = [];

  beforeAll(async () => {
    nats = await startNats();
    tmp = makeTempDir('analyze-int');
    repo = createCiFixture('node-app', { git: true });
    handle = await startBuilder({ ...loadBuilderConfig({}), JETWAY_NATS_URL: nats.url, JETWAY_BUILDER_WORK_DIR: join(tmp.path, 'work'), JETWAY_LOG_LEVEL: 'warn' });
    const collect = <T>(subject: string, into: T[], parse: (body: unknown) => T): void => {
      const sub = handle.mesh.nc.subscribe(subject);
      subs.push(sub);
      void (async () => {
        for await (const msg of sub) into.push(parse(msg.json()));
      })();
    };
    collect('jetway.step.analyze.finished.v1', finished, (body) => AnalyzeFinished.parse(body));
    await handle.mesh.nc.flush();
  });
  afterAll(async () => {
    subs.forEach((sub) => sub.unsubscribe());
    await handle?.stop();
    await nats?.stop();
    repo?.cleanup();
    tmp?.cleanup();
  });

  async function analyze(project: { path: string; ref?: string }): Promise<AnalyzeFinished> {
    const runId = ulid();
    const trigger = { run_id: runId, step_id: 'analyze', attempt: 1, application: 'hello-node', project };
    await new EventPublisher(handle.mesh.js, 'test').publish('jetway.step.analyze.triggered.v1', trigger, { runId, stepId: 'analyze', attempt: 1 });
    return waitFor(() => finished.find((event) => event.run_id === runId), { message: 'step.analyze.finished', timeoutMs: 30_000 });
  }

  const objectBytes = async (name: string): Promise<Buffer> => (await ArtifactObjects.of(handle.mesh).getBytes(name));

  it("analyses the Node fixture's commit: the analysis, the stored tree (its digest, no .git, no uncommitted change) and the log; the repository untouched", async () => {
    writeFileSync(join(repo.path, 'src/greet.js'), 'dirty, uncommitted\n');
    writeFileSync(join(repo.path, 'notes.txt'), 'untracked\n');
    const before = { head: runGit(repo.path, 'rev-parse', 'HEAD'), branch: runGit(repo.path, 'symbolic-ref', 'HEAD'), status: runGit(repo.path, 'status', '--porcelain'), index: readFileSync(join(repo.path, '.git/index')).toString('hex') };

    const event = await analyze({ path: repo.path });

    // The finished names its worker (a step done within a second publishes no started).
    expect(event.worker).toMatch(/^.+:\d+$/);
    // The analysis log is a few lines: inline in the event, no object stored for it.
    expect(event.outcome).toBe('succeeded');
    expect(event.log_object).toBeUndefined();
    expect(await ArtifactObjects.of(handle.mesh).has(stepLogObjectName(event))).toBe(false);
    const outputs = event.outputs;
    expect(outputs?.commit).toBe(repo.commit);
    expect(outputs?.analysis).toMatchObject({
      languages: [{ name: 'javascript', files: 4 }],
      components: [{ path: '.', name: 'hello-node', package_manager: 'npm', lockfile: 'package-lock.json', install_command: 'npm ci', build_command: 'npm run build', test_command: 'npm test', test_framework: 'node:test', runtime_versions: ['node >=20', 'node 22'], dockerfile: 'Dockerfile' }],
      dockerfiles: ['Dockerfile'],
      existing_ci: ['.github/workflows/old.yml'],
    });

    const archive = await objectBytes(artifactObjectName(outputs?.source_digest ?? ''));
    expect(`sha256:${createHash('sha256').update(archive).digest('hex')}`).toBe(outputs?.source_digest);
    const files = filesIn(archive);
    expect([...files.keys()].filter((path) => path === '.git' || path.startsWith('.git/'))).toEqual([]);
    expect(files.get('src/greet.js')).toContain('function greet');
    expect(files.has('notes.txt')).toBe(false);
    expect(files.has('package.json')).toBe(true);

    expect(event.log).toContain(`analysed ${repo.path} at HEAD (commit ${repo.commit})`);
    const after = { head: runGit(repo.path, 'rev-parse', 'HEAD'), branch: runGit(repo.path, 'symbolic-ref', 'HEAD'), status: runGit(repo.path, 'status', '--porcelain'), index: readFileSync(join(repo.path, '.git/index')).toString('hex') };
    expect(after).toEqual(before);
    expect(readFileSync(join(repo.path, 'src/greet.js'), 'utf8')).toBe('dirty, uncommitted\n');
  });

  it('fails a project_path that does not exist, naming it and the cause, with the log inline', async () => {
    const missing = join(tmp.path, 'no-such-project');
    const event = await analyze({ path: missing });
    expect(event).toMatchObject({ outcome: 'failed', reason: `project_path: ${missing} does not exist` });
    expect(event.outputs).toBeUndefined();
    expect(event.log_object).toBeUndefined();
    expect(event.log).toContain(`could not read ${missing}`);
  });
});
