import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@jetway/testing';
import { portOr } from './ports';

export const SERVICES = ['planner', 'builder', 'scanner', 'deployer', 'monitor-configurator', 'notifier'] as const;
export type Service = (typeof SERVICES)[number];

/** Default ops ports (/metrics, /health) as deploy/prometheus scrapes them. */
export const OPS_PORT: Record<Service, number> = {
  planner: 9461,
  builder: 9462,
  scanner: 9463,
  deployer: 9464,
  'monitor-configurator': 9465,
  notifier: 9466,
};

/** Node's arguments (after the executable) that start a service; cwd is the repository root. */
export type ServiceCommand = (name: Service) => string[];

/** TypeScript through SWC at load time (what `npm start` ran before it compiled first; the bench's `--runtime swc`). */
export const TYPESCRIPT_COMMAND: ServiceCommand = (name) => ['-r', '@swc-node/register', join('apps', name, 'src', 'main.ts')];

export interface RunningService {
  name: Service;
  child: ChildProcess;
  opsPort: number;
  logFile: string;
}

/**
 * Starts one service as its own process — `command` is usually `compiledServices(...)`'s
 * (precompiled JavaScript), TypeScript through SWC otherwise — logging to `<stateDir>/logs`.
 * Its ops port is `opsPort` when given (chosen beforehand, so the monitoring stack can be told what
 * to scrape), otherwise its default when free, or a free one.
 */
export async function spawnService(
  name: Service,
  root: string,
  stateDir: string,
  env: NodeJS.ProcessEnv,
  command: ServiceCommand = TYPESCRIPT_COMMAND,
  opsPort?: number,
): Promise<RunningService> {
  opsPort ??= await portOr(OPS_PORT[name]);
  const logFile = join(stateDir, 'logs', `${name}.log`);
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, command(name), {
    cwd: root,
    env: { ...process.env, ...env, JETWAY_OPS_PORT: String(opsPort) },
    stdio: ['ignore', out, out],
    // Its own process group: Ctrl-C reaches the launcher only, which stops services before NATS.
    detached: true,
  });
  return { name, child, opsPort, logFile };
}

/** Waits until /health/ready answers 200; a process that dies first is reported with its log. */
export async function waitReady(service: RunningService, timeoutMs = 60_000): Promise<void> {
  const state = await waitFor(
    async () => {
      if (service.child.exitCode !== null || service.child.signalCode !== null) return 'exited';
      const response = await fetch(`http://127.0.0.1:${service.opsPort}/health/ready`).catch(() => undefined);
      return response?.status === 200 ? 'ready' : undefined;
    },
    { timeoutMs, intervalMs: 200, message: `${service.name} to be ready (log: ${service.logFile})` },
  );
  if (state === 'exited') {
    const tail = readFileSync(service.logFile, 'utf8').trim().split('\n').slice(-15).join('\n');
    throw new Error(`${service.name} exited with code ${service.child.exitCode}:\n${tail}`);
  }
}

/** SIGTERM (graceful drain), then SIGKILL after `graceMs`. */
export async function stopService(service: RunningService, graceMs = 10_000): Promise<void> {
  await stopChild(service.child, graceMs);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
