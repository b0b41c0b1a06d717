import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NatsProcess } from './nats-process';

/** A real nats-server with JetStream for one test file. */
export interface NatsFixture {
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  /** SIGKILL: the broker dies mid-flight (store kept). */
  kill(): Promise<void>;
  /** Starts again on the same port and store. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const CANDIDATES = ['nats-server', '/usr/sbin/nats-server', '/usr/local/bin/nats-server', '/usr/bin/nats-server'];

export function findNatsServer(): string | undefined {
  const fromEnv = process.env['JETWAY_NATS_SERVER_BIN'];
  for (const candidate of fromEnv ? [fromEnv, ...CANDIDATES] : CANDIDATES) {
    if (candidate.includes('/') ? existsSync(candidate) : spawnSync('which', [candidate]).status === 0) return candidate;
  }
  return undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts nats-server (JetStream on, a free port, a temp store dir) from the binary on PATH or in
 * /usr/sbin; where there is no binary but a Docker engine answers, a Testcontainers NATS
 * container instead. Says how to get one when neither is there.
 */
export async function startNats(): Promise<NatsFixture> {
  const binary = findNatsServer();
  if (binary) return startBinary(binary);
  if (await dockerAnswers()) return startContainer();
  throw new Error(
    'no nats-server for the tests: install it (Debian/Ubuntu: apt-get install nats-server; ' +
      'or put the binary on PATH, or set JETWAY_NATS_SERVER_BIN), or run a Docker engine for Testcontainers',
  );
}

async function startBinary(binary: string): Promise<NatsFixture> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'jetway-nats-'));
  const server = new NatsProcess({
    binary,
    args: ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir],
    port,
    label: `nats-server :${port}`,
  });
  await server.start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    kill: () => server.halt('SIGKILL'),
    restart: async () => {
      await server.halt('SIGTERM');
      await server.start();
    },
    stop: async () => {
      await server.halt('SIGTERM');
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

async function dockerAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

async function startContainer(): Promise<NatsFixture> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer('nats:2.9')
    .withCommand(['-js', '-sd', '/data'])
    .withExposedPorts(4222)
    .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
    .start();
  const port = container.getMappedPort(4222);
  return {
    url: `nats://${container.getHost()}:${port}`,
    port,
    storeDir: '/data',
    kill: async () => {
      await container.stop({ timeout: 0 });
    },
    restart: async () => {
      await container.restart();
    },
    stop: async () => {
      await container.stop();
    },
  };
}
