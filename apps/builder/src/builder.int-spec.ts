import { join } from 'node:path';
import type { Subscription } from 'nats';
import { ulid } from 'ulid';
import { artifactObjectName, BuildFinished, INLINE_LOG_BYTES, stepLogObjectName } from '@jetway/contracts';
import { ArtifactObjects, EventPublisher, type ServiceHandle } from '@jetway/messaging';
import { startNats, waitFor, type NatsFixture } from '@jetway/testing';
import { makeTempDir, writeTree } from './drivers/command/fixtures.testing';
import { loadBuilderConfig, startBuilder } from './index';

describe('builder on a real nats-server (int)', () => {
  let nats: NatsFixture;
  let handle: ServiceHandle;
  let tmp: ReturnType<typeof makeTempDir>;
  const finished: BuildFinished[] = [];
  let sub: Subscription;

  beforeAll(async () => {
    nats = await startNats();
    tmp = makeTempDir('builder-int');
    handle = await startBuilder({
      ...loadBuilderConfig({}),
      JETWAY_NATS_URL: nats.url,
      JETWAY_BUILDER_WORK_DIR: join(tmp.path, 'work'),
      JETWAY_LOG_LEVEL: 'warn',
    });
    sub = handle.mesh.nc.subscribe('jetway.step.build.finished.v1');
    void (async () => {
      for await (const msg of sub) finished.push(BuildFinished.parse(msg.json()));
    })();
    await handle.mesh.nc.flush();
  });
  afterAll(async () => {
    sub?.unsubscribe();
    await handle?.stop();
    await nats?.stop();
    tmp?.cleanup();
  });

  async function build(command: string, files: Record<string, string>): Promise<BuildFinished> {
    const runId = ulid();
    const location = join(tmp.path, runId);
    writeTree(location, files);
    const trigger = {
      run_id: runId,
      step_id: 'build',
      attempt: 1,
      application: 'hello',
      source: { type: 'directory' as const, location },
      build: { command, output: 'dist', timeout_seconds: 60 },
    };
    await new EventPublisher(handle.mesh.js, 'test').publish('jetway.step.build.triggered.v1', trigger, { runId, stepId: 'build', attempt: 1 });
    return waitFor(() => finished.find((event) => event.run_id === runId), { message: 'step.build.finished' });
  }

  const readObject = async (name: string) => (await ArtifactObjects.of(handle.mesh).getBytes(name)).toString();

  it('finishes a failed build with the log tail once and its small log inline at the top level, nothing stored', async () => {
    const event = await build('echo "compiling server.js"; echo "SyntaxError: Unexpected token (server.js:3)" >&2; exit 1', { 'server.js': 'x' });
    const logObject = stepLogObjectName(event);
    expect(event).toMatchObject({ outcome: 'failed', log: 'compiling server.js\nSyntaxError: Unexpected token (server.js:3)\n' });
    expect(event.log_object).toBeUndefined();
    expect(event.outputs).toBeUndefined();
    // Before: the driver's reason carried the tail and the handler appended it again, with an object name no command reads.
    expect(event.reason?.split('SyntaxError: Unexpected token').length).toBe(2);
    expect(event.reason).toBe(
      `build command exited with code 1; last lines of the log (full log: jetway logs ${event.run_id} --step build):\n` +
        'compiling server.js\nSyntaxError: Unexpected token (server.js:3)\n',
    );
    expect(await ArtifactObjects.of(handle.mesh).has(logObject)).toBe(false);
  });

  it('finishes a successful build with a log over INLINE_LOG_BYTES stored and named at the top level, and the source digest stored', async () => {
    const event = await build(`mkdir dist && cp server.js dist/ && for i in $(seq 1 ${INLINE_LOG_BYTES / 8}); do echo "built part $i"; done`, { 'server.js': 'require("http")\n', 'README.md': 'hello\n' });
    expect(event.outcome).toBe('succeeded');
    expect(event.log_object).toBe(stepLogObjectName(event));
    expect(event.log).toBeUndefined();
    expect(event.outputs?.log_object).toBeUndefined();
    const log = await readObject(event.log_object ?? '');
    expect(Buffer.byteLength(log)).toBeGreaterThan(INLINE_LOG_BYTES);
    expect(log).toMatch(/^built part 1\n[\s\S]*built part 512\n$/);
    const sourceDigest = event.outputs?.source_digest;
    expect(sourceDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(sourceDigest).not.toBe(event.outputs?.digest);
    expect((await ArtifactObjects.of(handle.mesh).getBytes(artifactObjectName(sourceDigest ?? ''))).length).toBeGreaterThan(0);
  });
});
