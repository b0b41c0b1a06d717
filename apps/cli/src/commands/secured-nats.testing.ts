import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findNatsServer, freePort, waitFor } from '@jetway/testing';

/** nats-server with the deployed cli permissions (deploy/nats/users/cli.conf) and an all-rights ops user. */
export async function startSecuredNats(): Promise<{ url: string; stop(): Promise<void> }> {
  const binary = findNatsServer();
  if (!binary) throw new Error('no nats-server: install it (apt-get install nats-server) or set JETWAY_NATS_SERVER_BIN');
  const dir = mkdtempSync(join(tmpdir(), 'jetway-dlq-'));
  const port = await freePort();
  copyFileSync(resolve(__dirname, '../../../../deploy/nats/users/cli.conf'), join(dir, 'cli.conf'));
  writeFileSync(
    join(dir, 'nats.conf'),
    `listen: 127.0.0.1:${port}\njetstream { store_dir: "${join(dir, 'js')}" }\ninclude "cli.conf"\n` +
      `authorization { users = [\n  { user: cli, password: cli-pw, permissions: $CLI_PERMISSIONS }\n  { user: ops, password: ops-pw }\n] }\n`,
  );
  const child: ChildProcess = spawn(binary, ['-c', join(dir, 'nats.conf')], { stdio: 'ignore' });
  const open = () =>
    new Promise<boolean>((done) => {
      const socket = new Socket();
      socket.once('connect', () => (socket.destroy(), done(true))).once('error', () => done(false));
      socket.connect(port, '127.0.0.1');
    });
  await waitFor(open, { timeoutMs: 15_000, message: `nats-server with users on port ${port}` });
  return {
    url: `nats://127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

