import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findNatsServer, waitFor } from '@jetway/testing';
import { portFree } from './ports';

export interface LocalNats {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * The embedded default: a nats-server with JetStream on 127.0.0.1:`port`, its data under
 * `.jetway/nats`. Only the holder of the state directory's mesh lock may start it: two servers on
 * one store corrupt it.
 */
export async function startLocalNats(stateDir: string, port: number, onSpawn: (pid: number | undefined) => void = () => {}): Promise<LocalNats> {
  const binary = findNatsServer();
  if (!binary) {
    throw new Error(
      'nats-server not found. Install it (Debian/Ubuntu: sudo apt-get install nats-server; macOS: brew install nats-server),\n' +
        'put it on PATH or set JETWAY_NATS_SERVER_BIN, or point Jetway at a running server with JETWAY_NATS_URL=nats://host:4222',
    );
  }
  const storeDir = join(stateDir, 'nats');
  mkdirSync(storeDir, { recursive: true });
  const log = openSync(join(stateDir, 'logs', 'nats-server.log'), 'a');
  const child: ChildProcess = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: ['ignore', log, log], detached: true });
  onSpawn(child.pid);
  const url = `nats://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  const listening = async () => (child.exitCode === null ? !(await portFree(port)) : 'exited');
  const state = await waitFor(listening, { timeoutMs: 15_000, message: `nats-server on ${url}` }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  if (state === 'exited') throw new Error(`nats-server exited with code ${child.exitCode} (log: ${join(stateDir, 'logs', 'nats-server.log')})`);
  writeFileSync(join(stateDir, 'nats.url'), `${url}\n`);
  return { url, pid: child.pid, stop };
}
