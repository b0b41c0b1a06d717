import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BuildOutputs, BuildTriggered } from '@jetway/contracts';
import { PermanentError } from '@jetway/messaging';
import { CommandBuildDriver } from '../drivers/command';
import { makeGitRepo, makeTempDir, writeTree } from '../drivers/command/fixtures.testing';
import type { ArtifactStore } from './artifact-store.port';
import { buildArtifact } from './build-artifact.use-case';

/** Stands in for the Object Store adapter (tested on its own against a real nats-server). */
class MemoryArtifactStore implements ArtifactStore {
  readonly objects = new Map<string, Buffer>();
  readonly puts: string[] = [];
  async put(name: string, filePath: string): Promise<void> {
    this.puts.push(name);
    this.objects.set(name, readFileSync(filePath));
  }
  async has(name: string): Promise<boolean> {
    return this.objects.has(name);
  }
}

const RUN_ID = '01JZ3K8Q9V7W6X5Y4Z3A2B1C0D';
const driver = new CommandBuildDriver();

function trigger(source: unknown, build: unknown, attempt = 1): BuildTriggered {
  return BuildTriggered.parse({ run_id: RUN_ID, step_id: 'build', attempt, application: 'demo', source, build });
}

describe('buildArtifact', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let workRoot: string;
  let store: MemoryArtifactStore;
  beforeEach(() => {
    tmp = makeTempDir('build');
    workRoot = join(tmp.path, 'work');
    store = new MemoryArtifactStore();
  });
  afterEach(() => tmp.cleanup());

  it('stores the artifact under its digest and the log per attempt, then cleans up', async () => {
    const source = join(tmp.path, 'app');
    writeTree(source, { 'index.js': 'console.log("hi")\n' });
    const result = await buildArtifact(
      trigger({ type: 'directory', location: source }, { command: 'echo building; mkdir out; cp index.js out/', output: 'out' }),
      { workRoot, store, driver },
    );
    if (!result.ok) throw new Error(result.reason);
    expect(BuildOutputs.parse(result.outputs)).toEqual(result.outputs);
    const { digest, size_bytes, log_object } = result.outputs;
    const archive = store.objects.get(digest.replace(':', '-'));
    expect(archive).toBeDefined();
    expect(`sha256:${createHash('sha256').update(archive ?? Buffer.alloc(0)).digest('hex')}`).toBe(digest);
    expect(archive?.length).toBe(size_bytes);
    expect(log_object).toBe(`build-log-${RUN_ID}-build-1`);
    expect(store.objects.get(log_object)?.toString()).toBe('building\n');
    expect(readdirSync(workRoot)).toEqual([]);
  });

  it('gives the same digest for two clones of the same git ref', async () => {
    const repo = makeGitRepo(join(tmp.path, 'repo'));
    const build = { command: 'sh build.sh', output: 'dist' };
    const first = await buildArtifact(trigger({ type: 'git', location: repo, version: 'v1' }, build, 1), { workRoot, store, driver });
    const second = await buildArtifact(trigger({ type: 'git', location: repo, version: 'v1' }, build, 2), { workRoot, store, driver });
    const head = await buildArtifact(trigger({ type: 'git', location: repo }, build, 3), { workRoot, store, driver });
    expect(first.ok && second.ok && head.ok).toBe(true);
    if (!first.ok || !second.ok || !head.ok) return;
    expect(second.outputs.digest).toBe(first.outputs.digest);
    expect(head.outputs.digest).not.toBe(first.outputs.digest);
    // The second build found the artifact already stored and did not upload it again.
    expect(store.puts.filter((name) => name.startsWith('sha256-'))).toHaveLength(2);
  });

  it('reports a failing build with its log stored and no artifact', async () => {
    const source = join(tmp.path, 'app');
    writeTree(source, { 'index.js': 'x' });
    const result = await buildArtifact(
      trigger({ type: 'directory', location: source }, { command: 'echo "syntax error" >&2; exit 1' }),
      { workRoot, store, driver },
    );
    expect(result).toEqual({
      ok: false,
      reason: 'build command exited with code 1; log tail:\nsyntax error\n',
      log_object: `build-log-${RUN_ID}-build-1`,
      log_tail: 'syntax error\n',
    });
    expect([...store.objects.keys()]).toEqual([`build-log-${RUN_ID}-build-1`]);
    expect(readdirSync(workRoot)).toEqual([]);
  });

  it('rejects an unsupported source permanently and leaves nothing behind', async () => {
    mkdirSync(workRoot);
    const attempt = buildArtifact(
      trigger({ type: 's3', location: 's3://bucket/app.tgz' }, { command: 'true' }),
      { workRoot, store, driver },
    );
    await expect(attempt).rejects.toThrow(PermanentError);
    expect(store.objects.size).toBe(0);
    expect(readdirSync(workRoot)).toEqual([]);
  });
});
