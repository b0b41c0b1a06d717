import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BuildSpec } from '@jetway/contracts';
import { runCommandBuild } from './command.driver';
import { makeTempDir, writeTree } from './fixtures.testing';
import { sha256File } from './pack.driver';

describe('runCommandBuild', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let paths: { workspace: string; scratchDir: string };
  beforeEach(() => {
    tmp = makeTempDir('command');
    paths = { workspace: join(tmp.path, 'ws'), scratchDir: tmp.path };
    writeTree(paths.workspace, { 'app.txt': 'hello\n' });
  });
  afterEach(() => tmp.cleanup());

  it('builds, packs the output and reports its digest and size', async () => {
    const build = BuildSpec.parse({ command: 'mkdir dist && cp app.txt dist/ && echo built', output: 'dist' });
    const result = await runCommandBuild(build, paths);
    if (!result.ok) throw new Error(`expected success, got ${result.reason}`);
    expect(result.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.digest).toBe(await sha256File(result.archivePath));
    expect(result.sizeBytes).toBeGreaterThan(0);
    expect(result.logTail).toBe('built\n');
    expect(result.logPath).toBe(join(tmp.path, 'build.log'));
  });

  it('does not pack the log or the archive when the output is the whole workspace', async () => {
    const first = await runCommandBuild(BuildSpec.parse({ command: 'true', output: '.' }), paths);
    mkdirSync(join(tmp.path, 'again'));
    const second = await runCommandBuild(BuildSpec.parse({ command: 'true', output: '.' }), {
      ...paths,
      scratchDir: join(tmp.path, 'again'),
    });
    expect(first.ok && second.ok && first.digest === second.digest).toBe(true);
  });

  it('returns a failed build with the exit code, and the log tail apart from the reason', async () => {
    const result = await runCommandBuild(BuildSpec.parse({ command: 'echo "missing tsc" >&2; exit 2' }), paths);
    expect(result).toMatchObject({ ok: false, logTail: 'missing tsc\n' });
    if (result.ok) return;
    // The caller adds the tail to the reason once; the driver's own reason must not carry it too.
    expect(result.reason).toBe('build command exited with code 2');
  });

  it('returns a failed build when the command times out', async () => {
    const build = { ...BuildSpec.parse({ command: 'echo started; sleep 30' }), timeout_seconds: 0.3 };
    const result = await runCommandBuild(build, paths);
    expect(result).toMatchObject({ ok: false, logTail: 'started\n' });
    if (result.ok) return;
    expect(result.reason).toMatch(/^build timed out after 0.3s/);
  });

  it('returns a failed build naming build.output when the output is missing', async () => {
    const result = await runCommandBuild(BuildSpec.parse({ command: 'true', output: 'dist' }), paths);
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining("build.output: 'dist' does not exist") });
  });
});
