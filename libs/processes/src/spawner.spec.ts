import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Spawner, StartError } from './spawner';
import { waitFor } from './wait-for';

// Real programs (sh, sleep) through a real helper process.

describe('Spawner', () => {
  let dir: string;
  let spawner: Spawner;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jetway-spawner-'));
    spawner = new Spawner(60_000);
  });
  afterEach(() => {
    spawner.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs programs side by side in the given directory, with their exit code and output', async () => {
    const [ok, failed] = await Promise.all([
      spawner.run('sh', ['-c', 'pwd; echo warning >&2'], { cwd: dir, timeoutMs: 10_000 }),
      spawner.run('sh', ['-c', 'echo bad input; exit 3'], { cwd: dir, timeoutMs: 10_000 }),
    ]);
    expect(ok).toEqual({ exitCode: 0, stdout: `${dir}\n`, stderr: 'warning\n', output: `${dir}\nwarning\n`, timedOut: false });
    expect(failed).toMatchObject({ exitCode: 3, stdout: 'bad input\n', timedOut: false });
  });

  it('rejects with the system code when a program cannot start, and keeps serving', async () => {
    const missing = spawner.run('/nonexistent/promtool', ['check', 'config'], { cwd: dir, timeoutMs: 10_000 });
    await expect(missing).rejects.toBeInstanceOf(StartError);
    await expect(missing).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await spawner.run('true', [], { cwd: dir, timeoutMs: 10_000 })).exitCode).toBe(0);
  });

  it('kills a program past its timeout', async () => {
    const outcome = await spawner.run('sh', ['-c', 'echo started; exec sleep 30'], { cwd: dir, timeoutMs: 200 });
    expect(outcome).toMatchObject({ exitCode: null, stdout: 'started\n', timedOut: true });
  });

  it('runs the programs of a helper that died once more, on a new helper', async () => {
    const marker = join(dir, 'runs');
    // The first run kills its helper (its parent) while it works; the second run finds the marker and ends.
    const script = `echo run >> ${marker}; if [ $(wc -l < ${marker}) -eq 1 ]; then kill -9 $PPID; sleep 5; fi; echo done`;
    const outcome = await spawner.run('sh', ['-c', script], { cwd: dir, timeoutMs: 10_000 });
    expect(outcome).toMatchObject({ exitCode: 0, stdout: 'done\n' });
  });

  it('stops its helper after a while without work', async () => {
    const idle = new Spawner(50);
    await idle.run('true', [], { cwd: dir, timeoutMs: 10_000 });
    const helper = (idle as unknown as { helper?: unknown }).helper;
    expect(helper).toBeDefined();
    await waitFor(() => (idle as unknown as { helper?: unknown }).helper === undefined || undefined, { intervalMs: 20, timeoutMs: 5_000, message: 'the idle helper stopped' });
  });
});
