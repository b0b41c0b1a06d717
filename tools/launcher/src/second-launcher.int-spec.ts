import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect } from 'nats';
import { freePort, waitFor } from '@jetway/testing';
import { acquireMeshLock, LOCK_FILE, staleBecause, type MeshOwner } from './mesh-lock';
import { SERVICES } from './services';

const ROOT = resolve(__dirname, '../../..');
const SERVICE_NAMES = new Set<string>(SERVICES);

interface Launch {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function launch(stateDir: string, args: string[] = [], natsUrl?: string): Launch {
  const env: NodeJS.ProcessEnv = { ...process.env, JETWAY_STATE_DIR: stateDir, NO_COLOR: '1' };
  delete env['JETWAY_NATS_URL'];
  if (natsUrl) env['JETWAY_NATS_URL'] = natsUrl;
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'tools/launcher/src/main.ts', ...args], { cwd: ROOT, env });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output, exited: new Promise((done) => child.once('exit', (code) => done(code))) };
}

/** Two `npm start` on one state directory: the second refuses and leaves the first mesh alone. */
describe('a second launcher on the same state directory', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'jetway-two-launchers-'));
  let first: Launch | undefined;
  afterAll(async () => {
    if (first && first.child.exitCode === null) {
      first.child.kill('SIGINT');
      await first.exited;
    }
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('refuses naming the running mesh, without touching its nats-server, services, app or nats.url; the first releases the lock on Ctrl-C', async () => {
    const mesh = launch(stateDir);
    first = mesh;
    await waitFor(() => mesh.output().includes('The mesh is up') || mesh.child.exitCode !== null, { timeoutMs: 150_000, intervalMs: 250, message: 'the first mesh to be up' });
    expect({ code: mesh.child.exitCode, output: mesh.output() }).toEqual({ code: null, output: expect.stringContaining('The mesh is up') });
    const natsUrl = /^NATS\s+(nats:\/\/\S+)/m.exec(mesh.output())?.[1] ?? '';
    const appUrl = /production\s+GET (http:\/\/\S+) → 200/.exec(mesh.output())?.[1] ?? '';
    expect(appUrl).not.toBe('');
    const natsUrlFile = readFileSync(join(stateDir, 'nats.url'), 'utf8');
    expect(natsUrlFile.trim()).toBe(natsUrl);
    const lock = JSON.parse(readFileSync(join(stateDir, LOCK_FILE), 'utf8')) as MeshOwner;
    expect(lock).toMatchObject({ pid: mesh.child.pid, natsUrl });
    const natsLog = () => readFileSync(join(stateDir, 'logs', 'nats-server.log'), 'utf8');
    const serverStarts = natsLog().match(/Starting nats-server/g)?.length;

    const second = launch(stateDir);
    const code = await second.exited;
    expect(code).not.toBe(0);
    expect(second.output()).toContain(
      `a mesh is already running (pid ${mesh.child.pid}, NATS at ${natsUrl}); use it with \`npm run jetway\`, or stop it first`,
    );
    expect(second.output()).not.toMatch(/^(NATS|services)\s/m);

    // The first mesh is untouched: its app answers, its nats-server serves, nats.url and the lock are as they were.
    expect((await fetch(appUrl, { signal: AbortSignal.timeout(5_000) })).status).toBe(200);
    const nc = await connect({ servers: natsUrl });
    try {
      const jsm = await nc.jetstreamManager();
      expect((await jsm.streams.info('JETWAY_EVENTS')).state.messages).toBeGreaterThan(0);
    } finally {
      await nc.close();
    }
    expect(readFileSync(join(stateDir, 'nats.url'), 'utf8')).toBe(natsUrlFile);
    expect(natsLog().match(/Starting nats-server/g)?.length).toBe(serverStarts);
    expect(JSON.parse(readFileSync(join(stateDir, LOCK_FILE), 'utf8'))).toEqual(lock);

    mesh.child.kill('SIGINT');
    expect(await mesh.exited).toBe(0);
    expect(existsSync(join(stateDir, LOCK_FILE))).toBe(false);
    await expect(fetch(appUrl, { signal: AbortSignal.timeout(5_000) })).rejects.toThrow();
  });
});

describe('the state directory lock with JETWAY_NATS_URL (external NATS)', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'jetway-lock-external-'));
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it('still refuses while another mesh holds the state directory', async () => {
    const held = acquireMeshLock(stateDir, { natsUrl: 'nats://127.0.0.1:4999', routerPort: 8480 });
    if (!held.acquired) throw new Error('could not take the lock');
    try {
      const second = launch(stateDir, ['--once'], `nats://127.0.0.1:${await freePort()}`);
      expect(await second.exited).not.toBe(0);
      expect(second.output()).toContain(`a mesh is already running (pid ${process.pid}, NATS at nats://127.0.0.1:4999)`);
      expect(existsSync(join(stateDir, 'logs'))).toBe(false);
    } finally {
      held.lock.release();
    }
  });

  it('releases the lock and stops the services it started on Ctrl-C before the mesh is up', async () => {
    // Nothing listens there: the services wait for NATS, so the launcher is still starting up.
    const starting = launch(stateDir, [], `nats://127.0.0.1:${await freePort()}`);
    const lockFile = join(stateDir, LOCK_FILE);
    const owner = await waitFor(
      () => {
        const current = existsSync(lockFile) ? (JSON.parse(readFileSync(lockFile, 'utf8')) as MeshOwner) : undefined;
        const services = current?.children.filter((child) => SERVICE_NAMES.has(child.name)) ?? [];
        return current && services.length === 6 ? current : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100, message: 'the launcher to start its six services' },
    );
    starting.child.kill('SIGINT');
    expect(await starting.exited).toBe(130);
    expect(existsSync(lockFile)).toBe(false);
    expect(owner.children.filter((child) => staleBecause(child) === undefined)).toEqual([]);
  });
});

describe('a launcher after one was SIGKILLed', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'jetway-killed-launcher-'));
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it('takes the stale lock over, stops the nats-server and services the killed one left, and runs on the same store', async () => {
    const killed = launch(stateDir);
    await waitFor(() => killed.output().includes('The mesh is up') || killed.child.exitCode !== null, { timeoutMs: 150_000, intervalMs: 250, message: 'the first mesh to be up' });
    const left = (JSON.parse(readFileSync(join(stateDir, LOCK_FILE), 'utf8')) as MeshOwner).children;
    killed.child.kill('SIGKILL');
    await killed.exited;
    // nats-server, the monitoring stack (its Debian packages are installed where this runs), the services.
    expect(left.map((child) => child.name)).toEqual([
      'nats-server',
      'prometheus',
      'alertmanager',
      'blackbox-exporter',
      'planner',
      'builder',
      'scanner',
      'deployer',
      'monitor-configurator',
      'notifier',
    ]);
    expect(left.filter((child) => staleBecause(child) === undefined)).toHaveLength(10);

    const next = launch(stateDir, ['--once']);
    const code = await next.exited;
    // Its last lines on a failure: the exit code alone does not say which part of the run failed.
    expect(code === 0 ? 'exited 0' : `exited ${code}; its last lines:\n${next.output().split('\n').slice(-40).join('\n')}`).toBe('exited 0');
    expect(next.output()).toContain('the mesh started');
    expect(next.output()).toContain(`(pid ${killed.child.pid} is gone)`);
    expect(next.output()).toMatch(/stopped what it left running: .*nats-server \(pid \d+\)/);
    expect(next.output()).toMatch(/stopped what it left running: .*prometheus \(pid \d+\), alertmanager \(pid \d+\), blackbox-exporter \(pid \d+\)/);
    expect(left.filter((child) => staleBecause(child) === undefined)).toEqual([]);
    expect(existsSync(join(stateDir, LOCK_FILE))).toBe(false);
  });
});
