import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@jetway/testing';
import { stopLeftovers } from './leftovers';
import { acquireMeshLock, LOCK_FILE, processStartOf, refusal, type MeshLock, type MeshOwner } from './mesh-lock';

const INFO = { natsUrl: 'nats://127.0.0.1:14222', routerPort: 8480 };

describe('the mesh lock of a state directory', () => {
  let dir: string;
  let held: MeshLock[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jetway-lock-'));
    held = [];
  });
  afterEach(() => {
    held.forEach((lock) => lock.release());
    rmSync(dir, { recursive: true, force: true });
  });
  const lockPath = () => join(dir, LOCK_FILE);
  const fileOwner = () => JSON.parse(readFileSync(lockPath(), 'utf8')) as MeshOwner;
  const take = (info = INFO) => {
    const attempt = acquireMeshLock(dir, info);
    if (attempt.acquired) held.push(attempt.lock);
    return attempt;
  };
  const writeLock = (owner: Partial<MeshOwner>) =>
    writeFileSync(lockPath(), JSON.stringify({ natsUrl: 'nats://127.0.0.1:4999', routerPort: 8481, startedAt: '2026-01-01T00:00:00.000Z', token: 'old', children: [], ...owner }));

  it('holds the owner pid, its start time, the NATS URL, the router port and when it started; release removes it', () => {
    const attempt = take();
    expect(attempt.acquired).toBe(true);
    expect(fileOwner()).toMatchObject({ pid: process.pid, processStart: processStartOf(process.pid), natsUrl: INFO.natsUrl, routerPort: 8480 });
    expect(Date.parse(fileOwner().startedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(attempt.acquired && attempt.lock.release()).toBe(true);
    expect(existsSync(lockPath())).toBe(false);
  });

  it('refuses while its owner runs, naming the pid and the NATS URL, and leaves the lock as it was', () => {
    take();
    const before = readFileSync(lockPath(), 'utf8');
    const second = acquireMeshLock(dir, { natsUrl: 'nats://127.0.0.1:40000', routerPort: 9999 });
    expect(second.acquired).toBe(false);
    if (second.acquired) return;
    expect(refusal(second.owner)).toBe(
      `a mesh is already running (pid ${process.pid}, NATS at nats://127.0.0.1:14222); use it with \`npm run jetway\`, or stop it first`,
    );
    expect(readFileSync(lockPath(), 'utf8')).toBe(before);
  });

  it('takes over a lock whose pid is gone, saying so', () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeLock({ pid: dead, processStart: '1' });
    const attempt = take();
    expect(attempt.acquired && attempt.tookOver).toMatchObject({ owner: { pid: dead, token: 'old' }, reason: `pid ${dead} is gone` });
    expect(fileOwner()).toMatchObject({ pid: process.pid, natsUrl: INFO.natsUrl });
  });

  it('takes over a lock whose pid now belongs to another process (recycled: other start time)', () => {
    writeLock({ pid: process.pid, processStart: '1' });
    const attempt = take();
    expect(attempt.acquired && attempt.tookOver?.reason).toBe(`pid ${process.pid} is now another process`);
    expect(fileOwner().processStart).toBe(processStartOf(process.pid));
  });

  it('takes over an unreadable lock file', () => {
    writeFileSync(lockPath(), '{"pid": 12');
    expect(take()).toMatchObject({ acquired: true, tookOver: { reason: 'the lock file is unreadable' } });
  });

  it('releases only a lock that is still its own', () => {
    const attempt = take();
    if (!attempt.acquired) throw new Error('not acquired');
    writeLock({ pid: process.pid, processStart: processStartOf(process.pid) ?? null, token: 'someone-else' });
    expect(attempt.lock.release()).toBe(false);
    expect(fileOwner().token).toBe('someone-else');
  });

  it('writes down the processes it starts, for a takeover after a kill', () => {
    const attempt = take();
    if (!attempt.acquired) throw new Error('not acquired');
    attempt.lock.recordChild('nats-server', process.pid);
    expect(fileOwner().children).toEqual([{ name: 'nats-server', pid: process.pid, processStart: processStartOf(process.pid) }]);
    expect(fileOwner().natsUrl).toBe(INFO.natsUrl);
  });
});

describe('stopLeftovers', () => {
  it('stops a recorded process that still runs, and leaves a pid that is now another process alone', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const pid = child.pid ?? 0;
    await waitFor(() => processStartOf(pid), { message: 'the child to start' });
    try {
      const recycled = { name: 'planner', pid: process.pid, processStart: '1' };
      const stopped = await stopLeftovers([{ name: 'nats-server', pid, processStart: processStartOf(pid) ?? null }, recycled]);
      expect(stopped).toEqual([`nats-server (pid ${pid})`]);
      await exited;
      expect(child.signalCode).toBe('SIGTERM');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
