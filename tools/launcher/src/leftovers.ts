import { join } from 'node:path';
import { stopLocalPlatform } from '@jetway/deployer';
import { waitFor } from '@jetway/testing';
import { staleBecause, type OwnedProcess } from './mesh-lock';
import { STACK_CHILDREN } from './stack';

/**
 * Stops what a killed launcher left running in this state directory (its nats-server, its
 * services, its monitoring stack), before a new mesh starts there: a second nats-server on the
 * same store corrupts it, a leftover deployer would fight the new one over the same instances,
 * and a leftover Prometheus holds its TSDB's lock and ports. Only processes
 * that are still the very ones it recorded (pid and start time) are signalled. Returns their names.
 */
export async function stopLeftovers(children: readonly OwnedProcess[], graceMs = 15_000): Promise<string[]> {
  const running = children.filter((child) => staleBecause(child) === undefined);
  // Services first (they drain against NATS), then nats-server and the monitoring stack's servers.
  const last = new Set<string>(['nats-server', ...Object.values(STACK_CHILDREN)]);
  const services = running.filter((child) => !last.has(child.name));
  const servers = running.filter((child) => last.has(child.name));
  for (const group of [services, servers]) await Promise.all(group.map((child) => stopProcess(child, graceMs)));
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
