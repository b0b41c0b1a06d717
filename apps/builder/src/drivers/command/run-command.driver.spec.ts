import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from './fixtures.testing';
import { LOG_TAIL_BYTES, buildEnvironment, runCommand } from './run-command.driver';
import { waitFor } from '@jetway/testing';

/** Dead means gone or a zombie waiting to be reaped (containers may lack a reaping init). */
function isDead(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** SIGKILL is delivered asynchronously: wait (bounded) for the kernel to finish it. */
async function eventuallyDead(pid: number): Promise<boolean> {
  return waitFor(() => isDead(pid), { timeoutMs: 5_000 }).then(
    () => true,
    () => false,
  );
}

describe('runCommand', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir('run')));
  afterEach(() => tmp.cleanup());
  const options = () => ({ cwd: tmp.path, logPath: join(tmp.path, 'build.log'), timeoutSeconds: 30 });

  it('writes stdout and stderr to the log and reports exit code 0', async () => {
    const run = await runCommand('echo out; echo err >&2', options());
    expect(run).toMatchObject({ exitCode: 0, timedOut: false });
    expect(readFileSync(join(tmp.path, 'build.log'), 'utf8')).toBe('out\nerr\n');
    expect(run.logTail).toBe('out\nerr\n');
  });

  it('runs in the given directory', async () => {
    const run = await runCommand('pwd', options());
    expect(run.logTail.trim()).toBe(tmp.path);
  });

  it('reports a non-zero exit code as a result', async () => {
    const run = await runCommand('echo broken; exit 3', options());
    expect(run).toMatchObject({ exitCode: 3, timedOut: false });
    expect(run.logTail).toContain('broken');
  });

  it('keeps only the tail in memory while the file keeps everything', async () => {
    const run = await runCommand("head -c 100000 /dev/zero | tr '\\0' a; echo END", options());
    expect(readFileSync(join(tmp.path, 'build.log')).length).toBe(100_004);
    expect(run.logTail.length).toBe(LOG_TAIL_BYTES);
    expect(run.logTail.endsWith('aaaEND\n')).toBe(true);
  });

  it('kills the whole process group on timeout', async () => {
    const pidFile = join(tmp.path, 'bg.pid');
    const run = await runCommand(`sleep 30 & echo $! > ${pidFile}; wait`, { ...options(), timeoutSeconds: 0.3 });
    expect(run.timedOut).toBe(true);
    expect(run.exitCode).toBeNull();
    expect(run.signal).toBe('SIGKILL');
    const background = Number(readFileSync(pidFile, 'utf8'));
    expect(background).toBeGreaterThan(0);
    expect(await eventuallyDead(background)).toBe(true);
  });

  it('does not pass the worker environment through', async () => {
    process.env.JETWAY_TEST_SECRET = 'hunter2';
    try {
      const run = await runCommand('echo "secret=${JETWAY_TEST_SECRET:-unset} ci=$CI"', options());
      expect(run.logTail.trim()).toBe('secret=unset ci=true');
    } finally {
      delete process.env.JETWAY_TEST_SECRET;
    }
  });
});

describe('buildEnvironment', () => {
  it('keeps tool variables and drops everything else', () => {
    expect(buildEnvironment({ PATH: '/bin', HOME: '/home/x', NATS_PASSWORD: 'p' })).toEqual({
      CI: 'true',
      PATH: '/bin',
      HOME: '/home/x',
    });
  });
});
