import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as tar from 'tar';
import { BuildOutputs, BuildTriggered, INLINE_LOG_BYTES } from '@jetway/contracts';
import { PermanentError } from '@jetway/messaging';
import { CommandBuildDriver } from '../drivers/command';
import { makeGitRepo, makeTempDir, writeTree } from '../drivers/command/fixtures.testing';
import { MemoryArtifactStore } from './artifact-store.testing';
import { buildArtifact, failureReason, REASON_LOG_CHARS } from './build-artifact.use-case';

const RUN_ID = '01JZ3K8Q9V7W6X5Y4Z3A2B1C0D';
const LOG_OBJECT = `step-log-${RUN_ID}-build-1`;
const driver = new CommandBuildDriver();

/** Path → content of the files in a tar.gz. */
function filesIn(archive: Buffer | undefined): Record<string, string> {
  const files: Record<string, string> = {};
  const parser = new tar.Parser({
    onReadEntry: (entry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => {
        if (entry.type === 'File') files[entry.path] = Buffer.concat(chunks).toString();
      });
    },
  });
  parser.end(gunzipSync(archive ?? Buffer.alloc(0)));
  return files;
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;

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

  it('stores the artifact under its digest, carries a small log inline, then cleans up', async () => {
    const source = join(tmp.path, 'app');
    writeTree(source, { 'index.js': 'console.log("hi")\n' });
    const result = await buildArtifact(
      trigger({ type: 'directory', location: source }, { command: 'echo building; mkdir out; cp index.js out/', output: 'out' }),
      { workRoot, store, driver },
    );
    if (!result.ok) throw new Error(result.reason);
    expect(BuildOutputs.parse(result.outputs)).toEqual(result.outputs);
    const { digest, size_bytes } = result.outputs;
    const archive = store.objects.get(digest.replace(':', '-'));
    expect(archive).toBeDefined();
    expect(`sha256:${createHash('sha256').update(archive ?? Buffer.alloc(0)).digest('hex')}`).toBe(digest);
    expect(archive?.length).toBe(size_bytes);
    // A log of at most INLINE_LOG_BYTES travels in the event: no object, no name in the outputs.
    expect(result).toMatchObject({ log: 'building\n' });
    expect('log_object' in result).toBe(false);
    expect('log_object' in result.outputs).toBe(false);
    expect(store.objects.has(LOG_OBJECT)).toBe(false);
    expect(readdirSync(workRoot)).toEqual([]);
  });

  it('stores a log over INLINE_LOG_BYTES per attempt and names it', async () => {
    const source = join(tmp.path, 'app');
    writeTree(source, { 'index.js': 'x\n' });
    const command = `for i in $(seq 1 ${INLINE_LOG_BYTES / 8}); do echo "line $i"; done; mkdir out; cp index.js out/`;
    const result = await buildArtifact(trigger({ type: 'directory', location: source }, { command, output: 'out' }), { workRoot, store, driver });
    if (!result.ok) throw new Error(result.reason);
    expect(result).toMatchObject({ log_object: LOG_OBJECT });
    expect('log' in result).toBe(false);
    const stored = store.objects.get(LOG_OBJECT)?.toString() ?? '';
    expect(Buffer.byteLength(stored)).toBeGreaterThan(INLINE_LOG_BYTES);
    expect(stored).toMatch(/^line 1\n[\s\S]*line 512\n$/);
  });

  it('stores the source tree as it was before the build, without .git, under its own digest', async () => {
    const source = join(tmp.path, 'app');
    writeTree(source, { 'index.js': 'original\n', '.env': 'KEY=1\n', '.git/HEAD': 'ref: refs/heads/main\n' });
    const build = { command: 'echo changed > index.js; mkdir out; cp index.js out/', output: 'out' };
    const result = await buildArtifact(trigger({ type: 'directory', location: source }, build), { workRoot, store, driver });
    if (!result.ok) throw new Error(result.reason);
    const { source_digest, digest } = result.outputs;
    expect(source_digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const packed = store.objects.get((source_digest ?? '').replace(':', '-'));
    expect(`sha256:${createHash('sha256').update(packed ?? Buffer.alloc(0)).digest('hex')}`).toBe(source_digest);
    // Packed before the command ran: the original index.js, nothing the build wrote, no .git.
    expect(filesIn(packed)).toEqual({ 'index.js': 'original\n', '.env': 'KEY=1\n' });
    expect(filesIn(store.objects.get(digest.replace(':', '-')))).toEqual({ 'index.js': 'changed\n' });
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
    expect(second.outputs.source_digest).toBe(first.outputs.source_digest);
    expect(head.outputs.source_digest).not.toBe(first.outputs.source_digest);
    // The second build found the artifact and source already stored and did not upload them again:
    // two objects for v1, two for HEAD.
    expect(store.puts.filter((name) => name.startsWith('sha256-'))).toHaveLength(4);
  });

  it('reports a failing build with the log tail once, a command to read the whole log, and the log inline', async () => {
    const source = join(tmp.path, 'app');
    writeTree(source, { 'index.js': 'x' });
    const result = await buildArtifact(
      trigger({ type: 'directory', location: source }, { command: 'echo compiling; echo "syntax error at index.js:1" >&2; exit 1' }),
      { workRoot, store, driver },
    );
    expect(result).toEqual({
      ok: false,
      reason: `build command exited with code 1; last lines of the log (full log: jetway logs ${RUN_ID} --step build):\ncompiling\nsyntax error at index.js:1\n`,
      log: 'compiling\nsyntax error at index.js:1\n',
    });
    if (result.ok) return;
    expect(occurrences(result.reason, 'syntax error at index.js:1')).toBe(1);
    expect(result.reason).not.toMatch(/object|log-/);
    expect([...store.objects.keys()]).toEqual([]);
    expect(readdirSync(workRoot)).toEqual([]);
  });

  it('adds the log tail to failures the driver reports without it (a timeout, a missing output)', async () => {
    const source = join(tmp.path, 'app');
    writeTree(source, { 'index.js': 'x' });
    const result = await buildArtifact(
      trigger({ type: 'directory', location: source }, { command: 'echo "wrote build/ instead"', output: 'dist' }),
      { workRoot, store, driver },
    );
    expect(result).toMatchObject({ ok: false, log: 'wrote build/ instead\n' });
    if (result.ok) return;
    expect(result.reason).toMatch(/^build\.output: 'dist' does not exist after the build; .*; last lines of the log \(full log: jetway logs .* --step build\):\nwrote build\/ instead\n$/);
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

describe('failureReason', () => {
  const step = { run_id: RUN_ID, step_id: 'build' };

  it('keeps only the last characters of a long log, marked as cut', () => {
    const reason = failureReason('build command exited with code 1', `${'a'.repeat(5000)}END\n`, step);
    expect(reason).toMatch(/^build command exited with code 1; last lines of the log \(full log: jetway logs \S+ --step build\):\n…a+END\n$/);
    expect(reason.length).toBeLessThan(REASON_LOG_CHARS + 200);
  });

  it('says so when the build printed nothing', () => {
    expect(failureReason('build command exited with code 1', '', step)).toBe(
      `build command exited with code 1; the build printed nothing (full log: jetway logs ${RUN_ID} --step build)`,
    );
  });
});
