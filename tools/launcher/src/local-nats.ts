import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findNatsServer, freePort, waitFor } from '@jetway/testing';
import { portFree } from './ports';

export interface LocalNats {
  url: string;
  stop(): Promise<void>;
}

/** The embedded default: a nats-server with JetStream, its data under `.jetway/nats`. */
export async function startLocalNats(stateDir: string, preferredPort: number): Promise<LocalNats> {
  const binary = findNatsServer();
  if (!binary) {
    throw new Error(
      'nats-server not found. Install it (Debian/Ubuntu: sudo apt-get install nats-server; macOS: brew install nats-server),\n' +
        'put it on PATH or set JETWAY_NATS_SERVER_BIN, or point Jetway at a running server with JETWAY_NATS_URL=nats://host:4222',
    );
  }
  const port = (await portFree(preferredPort)) ? preferredPort : await freePort();
  const storeDir = join(stateDir, 'nats');
  mkdirSync(storeDir, { recursive: true });
  const log = openSync(join(stateDir, 'logs', 'nats-server.log'), 'a');
  const child: ChildProcess = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: ['ignore', log, log], detached: true });
  const url = `nats://127.0.0.1:${port}`;
  await waitFor(async () => child.exitCode === null && !(await portFree(port)), { timeoutMs: 15_000, message: `nats-server on ${url}` });
  writeFileSync(join(stateDir, 'nats.url'), `${url}\n`);
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
