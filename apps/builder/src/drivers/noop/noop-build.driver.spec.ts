import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tar from 'tar';
import { BuildTriggered } from '@jetway/contracts';
import { makeTempDir } from '../command/fixtures.testing';
import { NOOP_MANIFEST, NoopBuildDriver } from './noop-build.driver';

function trigger(application: string, attempt = 1): BuildTriggered {
  return BuildTriggered.parse({
    run_id: '01JZ3K8Q9V7W6X5Y4Z3A2B1C0D',
    step_id: 'build',
    attempt,
    application,
    // Neither exists: the no-op driver must not touch the source or run the command.
    source: { type: 'directory', location: '/nonexistent/source' },
    build: { command: 'exit 1', output: 'dist' },
  });
}

describe('NoopBuildDriver', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  const driver = new NoopBuildDriver();
  const scratch = (name: string) => {
    const dir = join(tmp.path, name);
    mkdirSync(dir);
    return dir;
  };
  beforeEach(() => (tmp = makeTempDir('noop-build')));
  afterEach(() => tmp.cleanup());

  it('packs a one-file tar.gz describing the request, without running the command', async () => {
    const result = await driver.build(trigger('demo'), scratch('a'));
    if (!result.ok) throw new Error(result.reason);
    const bytes = readFileSync(result.archivePath);
    expect(result.digest).toBe(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
    expect(result.sizeBytes).toBe(bytes.length);
    const entries: Array<{ path: string; body: string }> = [];
    await tar.list({
      file: result.archivePath,
      onReadEntry: (entry) => {
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => entries.push({ path: entry.path, body: Buffer.concat(chunks).toString() }));
      },
    });
    expect(entries.map((e) => e.path)).toEqual([NOOP_MANIFEST]);
    expect(JSON.parse(entries[0]?.body ?? '')).toMatchObject({ application: 'demo', build: { command: 'exit 1' } });
    expect(readFileSync(result.logPath, 'utf8')).toBe(result.logTail);
  });

  it('gives the same digest for the same request and another for another application', async () => {
    const first = await driver.build(trigger('demo', 1), scratch('a'));
    const again = await driver.build(trigger('demo', 2), scratch('b'));
    const other = await driver.build(trigger('other'), scratch('c'));
    expect(first.ok && again.ok && other.ok).toBe(true);
    if (!first.ok || !again.ok || !other.ok) return;
    expect(again.digest).toBe(first.digest);
    expect(other.digest).not.toBe(first.digest);
  });
});
