import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './nats-fixture';


/** The three servers of a monitoring stack. */
export type MonitoringServer = 'prometheus' | 'alertmanager' | 'blackbox';

/** Where a launcher puts a stack: fresh temp directories and three free ports. */
export interface StackLaunch {
  /** The stack's config directory, empty at launch (the launcher writes the configs). */
  readonly stackDir: string;
  /** Where the servers keep their data. */
  readonly dataDir: string;
  readonly ports: Readonly<Record<MonitoringServer, number>>;
}

/** What a launcher returns: the running servers, stoppable. */
export interface LaunchedStack {
  readonly urls: Readonly<Record<MonitoringServer, string>>;
  stop(): Promise<void>;
}

/**
 * Starts the three servers. A library cannot open an app, so the test passes the production
 * launcher in (`startStackProcesses` of the monitor-configurator): one copy of the spawning
 * logic, and one place that says which Debian package is missing.
 */
export type StackLauncher<S extends LaunchedStack> = (launch: StackLaunch) => Promise<S>;

/** A real Prometheus + Alertmanager + blackbox exporter for one test file. */
export interface MonitoringStackFixture<S extends LaunchedStack> {
  readonly stackDir: string;
  readonly urls: Readonly<Record<MonitoringServer, string>>;
  /** What the launcher returned (its logs, its config base…). */
  readonly stack: S;
  /** Stops the servers and removes the temp directories. */
  stop(): Promise<void>;
}

/**
 * Starts a monitoring stack on free ports, its configs and data in temp directories; resolves
 * once the launcher reports every server ready. A failed start leaves no directory behind.
 */
export async function startMonitoringStack<S extends LaunchedStack>(launch: StackLauncher<S>): Promise<MonitoringStackFixture<S>> {
  const root = mkdtempSync(join(tmpdir(), 'jetway-monitoring-stack-'));
  const stackDir = join(root, 'stack');
  const dataDir = join(root, 'data');
  mkdirSync(stackDir);
  mkdirSync(dataDir);
  const remove = () => rmSync(root, { recursive: true, force: true });
  let stack: S;
  try {
    stack = await launch({ stackDir, dataDir, ports: await distinctPorts() });
  } catch (error) {
    remove();
    throw error;
  }
  return {
    stackDir,
    urls: stack.urls,
    stack,
    stop: async () => {
      try {
        await stack.stop();
      } finally {
        remove();
      }
    },
  };
}

/** Three free ports, different from one another (the kernel may hand a just-released port out again). */
async function distinctPorts(): Promise<Record<MonitoringServer, number>> {
  const ports = new Set<number>();
  while (ports.size < 3) ports.add(await freePort());
  const [prometheus, alertmanager, blackbox] = [...ports] as [number, number, number];
  return { prometheus, alertmanager, blackbox };
}
