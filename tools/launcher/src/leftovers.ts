import { join } from 'node:path';
import { stopLocalPlatform } from '@jetway/deployer';
import { waitFor } from '@jetway/testing';
import { staleBecause, type OwnedProcess } from './mesh-lock';

/**
 * Stops what a killed launcher left running in this state directory (its nats-server, its
 * services), before a new mesh starts there: a second nats-server on the same store corrupts
 * it, and a leftover deployer would fight the new one over the same instances. Only processes
 * that are still the very ones it recorded (pid and start time) are signalled. Returns their names.
 */
export async function stopLeftovers(children: readonly OwnedProcess[], graceMs = 15_000): Promise<string[]> {
  const running = children.filter((child) => staleBecause(child) === undefined);
  // Services first (they drain against NATS), then nats-server.
  const services = running.filter((child) => child.name !== 'nats-server');
  const brokers = running.filter((child) => child.name === 'nats-server');
  for (const group of [services, brokers]) await Promise.all(group.map((child) => stopProcess(child, graceMs)));
  return running.map((child) => `${child.name} (pid ${child.pid})`);
}

async function stopProcess(child: OwnedProcess, graceMs: number): Promise<void> {
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(child.pid, name);
    } catch {
      // gone already
    }
  };
  const gone = () => staleBecause(child) !== undefined;
  signal('SIGTERM');
  const stopped = await waitFor(gone, { timeoutMs: graceMs, intervalMs: 100 }).catch(() => false);
  if (stopped) return;
  signal('SIGKILL');
  await waitFor(gone, { timeoutMs: 5_000, intervalMs: 100, message: `${child.name} (pid ${child.pid}) to stop` });
}

/**
 * Stops the deployed applications of the state directory: the deployer's router process and the
 * instances it recorded (they outlive a deployer restart on purpose; a stop of the whole mesh
 * stops them, and the next mesh's deployer starts the recorded releases again). Call it once the
 * deployer is stopped. Returns what it stopped, in words (empty when nothing ran).
 */
export async function stopDeployedApps(stateDir: string): Promise<string[]> {
  const stopped = await stopLocalPlatform(join(stateDir, 'deployer'));
  return [
    ...(stopped.router !== undefined ? [`router (pid ${stopped.router})`] : []),
    ...(stopped.instances.length > 0 ? [`${stopped.instances.length} app instance(s)`] : []),
  ];
}

/** SIGKILL to each of `children` that is still the recorded process (a second Ctrl-C); returns their names. */
export function killNow(children: readonly OwnedProcess[]): string[] {
  const running = children.filter((child) => staleBecause(child) === undefined);
  for (const child of running) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  return running.map((child) => `${child.name} (pid ${child.pid})`);
}
