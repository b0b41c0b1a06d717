import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findNatsServer, freePort } from './nats-fixture';
import { NatsProcess } from './nats-process';

/** Users with a permissions file of their own in deploy/nats/users (`<user>.conf` defines `$<USER>_PERMISSIONS`). */
export type DeployedNatsUser = 'planner' | 'notifier' | 'cli';

const USERS_DIR = resolve(__dirname, '../../../deploy/nats/users');

/**
 * nats-server (JetStream, temp store, free port) with the deployed permissions of `users`
 * (deploy/nats/users/<user>.conf: user `<user>`, password `<user>-pw`) and an all-rights `ops`
 * user (password `ops-pw`) for what a test plays itself.
 */
export async function startSecuredNats(users: readonly DeployedNatsUser[]): Promise<{ url: string; stop(): Promise<void> }> {
  const binary = findNatsServer();
  if (!binary) throw new Error('no nats-server: install it (apt-get install nats-server) or set JETWAY_NATS_SERVER_BIN');
  const dir = mkdtempSync(join(tmpdir(), 'jetway-secured-nats-'));
  const port = await freePort();
  for (const user of users) copyFileSync(join(USERS_DIR, `${user}.conf`), join(dir, `${user}.conf`));
  const entries = users.map((user) => `  { user: ${user}, password: ${user}-pw, permissions: $${user.toUpperCase()}_PERMISSIONS }`);
  writeFileSync(
    join(dir, 'nats.conf'),
    [
      `listen: 127.0.0.1:${port}`,
      `jetstream { store_dir: "${join(dir, 'js')}" }`,
      ...users.map((user) => `include "${user}.conf"`),
      `authorization { users = [\n${[...entries, '  { user: ops, password: ops-pw }'].join('\n')}\n] }`,
      '',
    ].join('\n'),
  );
  const server = new NatsProcess({ binary, args: ['-c', join(dir, 'nats.conf')], port, label: 'nats-server with users' });
  await server.start().catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    url: `nats://127.0.0.1:${port}`,
    stop: async () => {
      await server.halt('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
