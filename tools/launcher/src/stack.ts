import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { missingStackPackages, startStackProcesses, type StackProcesses } from '@jetway/monitor-configurator';
import { childPidWithArg } from './child-pids';

/** The stack's servers' usual ports (the next free one when taken), and the alert ingress'. */
export const STACK_PORTS = { prometheus: 9090, alertmanager: 9093, blackbox: 9115, ingress: 9099 } as const;
export type StackPorts = Record<keyof typeof STACK_PORTS, number>;

/** Where docker-compose.yml serves Grafana (not run by `npm start`); alerts' dashboard links point there. */
export const GRAFANA_URL = 'http://localhost:3000';

/** Names under which the servers' pids go into the mesh lock (stopLeftovers stops them after the services). */
export const STACK_CHILDREN = { prometheus: 'prometheus', alertmanager: 'alertmanager', blackbox: 'blackbox-exporter' } as const;

/** A monitoring stack `npm start` runs: Prometheus, Alertmanager and the blackbox exporter from Debian's packages. */
export interface LocalStack {
  readonly urls: StackProcesses['urls'];
  /** Configs (merged from every applied setup) and each setup's bundle under `setups/<setup>/`. */
  readonly stackDir: string;
  /** The monitor-configurator's alert ingress: Alertmanager's webhook target, and the runbook pages. */
  readonly ingressUrl: string;
  stop(): Promise<void>;
}

export function stackDirOf(stateDir: string): string {
  return join(stateDir, 'stack');
}

/** The Debian packages of the stack still to install (empty when all three servers are there). */
export function stackMissing(): string[] {
  return missingStackPackages();
}

/** How to install `missing`, as a command to copy. */
export function installCommand(missing: readonly string[]): string {
  return `sudo apt-get install ${missing.join(' ')}`;
}

/** The one line `npm start` says instead of starting the stack. */
export function missingLine(missing: readonly string[]): string {
  return `not started: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not installed (${installCommand(missing)}); the mesh runs without a monitoring stack`;
}

/**
 * Starts the stack on `ports` (configs in `<stateDir>/stack`, data in `<stateDir>/stack-data`),
 * scraping Jetway's own services at `jetwayTargets`; records each server's pid with `record`.
 */
export async function startLocalStack(
  stateDir: string,
  ports: StackPorts,
  jetwayTargets: readonly string[],
  record: (name: string, pid: number | undefined) => void,
): Promise<LocalStack> {
  const stackDir = stackDirOf(stateDir);
  const dataDir = join(stateDir, 'stack-data');
  mkdirSync(stackDir, { recursive: true });
  mkdirSync(dataDir, { recursive: true });
  const servers = { prometheus: ports.prometheus, alertmanager: ports.alertmanager, blackbox: ports.blackbox };
  const stack = await startStackProcesses({ stackDir, dataDir, ports: servers, jetwayTargets });
  for (const server of ['prometheus', 'alertmanager', 'blackbox'] as const) {
    record(STACK_CHILDREN[server], childPidWithArg(`--web.listen-address=127.0.0.1:${servers[server]}`));
  }
  return { urls: stack.urls, stackDir, ingressUrl: `http://127.0.0.1:${ports.ingress}`, stop: () => stack.stop() };
}

/** What the monitor-configurator is told about the stack (the ingress port is fixed even without one: applied configs name it). */
export function stackEnv(stateDir: string, ingressPort: number, stack: LocalStack | undefined, jetwayTargets: readonly string[]): NodeJS.ProcessEnv {
  return {
    JETWAY_STACK_DIR: stackDirOf(stateDir),
    JETWAY_ALERT_INGRESS_HOST: '127.0.0.1',
    JETWAY_ALERT_INGRESS_PORT: String(ingressPort),
    JETWAY_GRAFANA_URL: GRAFANA_URL,
    ...(stack && {
      JETWAY_PROMETHEUS_URL: stack.urls.prometheus,
      JETWAY_ALERTMANAGER_URL: stack.urls.alertmanager,
      JETWAY_BLACKBOX_URL: stack.urls.blackbox,
      JETWAY_STACK_JETWAY_TARGETS: jetwayTargets.join(','),
    }),
  };
}

/** The `stack` line of `npm start`. */
export function describeStack(stack: LocalStack): string {
  const { prometheus, alertmanager, blackbox } = stack.urls;
  return `Prometheus ${prometheus}  Alertmanager ${alertmanager}  blackbox ${blackbox}  runbooks ${stack.ingressUrl}/runbooks/<setup>/index.html`;
}
