import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PermanentError } from '@jetway/messaging';
import { NatsProcess, waitFor } from '@jetway/processes';
import { renderStackConfigs, writeStackConfigs } from './stack-files';
import { STACK_CONFIGS, type StackBase } from './stack-layout';
import { STACK_SERVERS, type StackLogs, type StackServer, type StackUrls } from './stack.port';

/** How each server is found (its Debian package's binary first) and how it says it is ready. */
const SERVERS: Readonly<Record<StackServer, { binaries: readonly string[]; debianPackage: string; readyPath: string }>> = {
  prometheus: { binaries: ['prometheus'], debianPackage: 'prometheus', readyPath: '/-/ready' },
  alertmanager: { binaries: ['prometheus-alertmanager', 'alertmanager'], debianPackage: 'prometheus-alertmanager', readyPath: '/-/ready' },
  // The blackbox exporter has no /-/ready; /-/healthy answers once it serves.
  blackbox: { binaries: ['prometheus-blackbox-exporter', 'blackbox_exporter'], debianPackage: 'prometheus-blackbox-exporter', readyPath: '/-/healthy' },
};

/** A stack server is not installed; the message says which Debian package installs it. */
export class MissingStackBinaryError extends PermanentError {}

export interface StackProcessOptions {
  /** Where the configs are (stack-layout.ts); the stack configs are merged again from its setups at start. */
  readonly stackDir: string;
  /** Prometheus' TSDB and Alertmanager's silences/notification log go under it. */
  readonly dataDir: string;
  readonly ports: Readonly<Record<StackServer, number>>;
  /** Interface to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** Binary paths; by default each is looked up on PATH. */
  readonly binaries?: Partial<Record<StackServer, string>>;
  /** `host:port` of Jetway's own services, scraped as job `jetway`. */
  readonly jetwayTargets?: readonly string[];
  readonly scrapeInterval?: string;
  readonly evaluationInterval?: string;
  readonly startTimeoutMs?: number;
}

/** The three running servers. */
export interface StackProcesses extends StackLogs {
  readonly urls: StackUrls;
  /** What the stack configs hold besides the setups: hand it to the apply driver. */
  readonly base: StackBase;
  stop(): Promise<void>;
}

/** The servers' binaries, or undefined for each one not installed. */
export function findStackBinary(server: StackServer, override?: string): string | undefined {
  const candidates = override ? [override] : SERVERS[server].binaries.flatMap((name) => [name, `/usr/bin/${name}`]);
  return candidates.find((candidate) => (candidate.includes('/') ? existsSync(candidate) : spawnSync('which', [candidate]).status === 0));
}

/** The Debian packages still to install for the stack (empty when all three servers are there). */
export function missingStackPackages(binaries: Partial<Record<StackServer, string>> = {}): string[] {
  return STACK_SERVERS.filter((server) => !findStackBinary(server, binaries[server])).map((server) => SERVERS[server].debianPackage);
}

/**
 * Starts Prometheus (lifecycle API on), Alertmanager (clustering off) and the blackbox exporter on
 * the given ports, over the stack directory's merged configs; resolves once each answers ready.
 * When one fails to start, the others are stopped again.
 */
export async function startStackProcesses(options: StackProcessOptions): Promise<StackProcesses> {
  const missing = missingStackPackages(options.binaries);
  if (missing.length > 0) {
    throw new MissingStackBinaryError(`the monitoring stack needs ${missing.join(', ')}: install with sudo apt-get install ${missing.join(' ')}`);
  }
  const host = options.host ?? '127.0.0.1';
  const base: StackBase = {
    alertmanager: `${host}:${options.ports.alertmanager}`,
    ...(options.jetwayTargets ? { jetwayTargets: options.jetwayTargets } : {}),
    ...(options.scrapeInterval ? { scrapeInterval: options.scrapeInterval } : {}),
    ...(options.evaluationInterval ? { evaluationInterval: options.evaluationInterval } : {}),
  };
  await writeStackConfigs(options.stackDir, await renderStackConfigs(options.stackDir, base));
  const urls = Object.fromEntries(STACK_SERVERS.map((server) => [server, `http://${host}:${options.ports[server]}`])) as Record<StackServer, string>;
  const processes = Object.fromEntries(STACK_SERVERS.map((server) => [server, serverProcess(server, options, host)])) as Record<StackServer, NatsProcess>;
  const stop = async () => {
    await Promise.all(STACK_SERVERS.map((server) => processes[server].halt('SIGTERM')));
  };
  try {
    await Promise.all(STACK_SERVERS.map((server) => started(server, processes[server], urls[server], options.startTimeoutMs ?? 30_000)));
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, base, stop, recentOutput: (server) => processes[server].recentOutput };
}

function serverProcess(server: StackServer, options: StackProcessOptions, host: string): NatsProcess {
  const binary = findStackBinary(server, options.binaries?.[server]) ?? SERVERS[server].binaries[0] ?? server;
  const port = options.ports[server];
  const config = `--config.file=${join(options.stackDir, STACK_CONFIGS[server])}`;
  const listen = `--web.listen-address=${host}:${port}`;
  const args = {
    prometheus: [config, listen, `--storage.tsdb.path=${join(options.dataDir, 'prometheus')}`, '--web.enable-lifecycle', '--log.level=warn'],
    alertmanager: [config, listen, `--storage.path=${join(options.dataDir, 'alertmanager')}`, '--cluster.listen-address=', '--log.level=warn'],
    blackbox: [config, listen, '--log.level=warn'],
  }[server];
  return new NatsProcess({ binary, args, port, label: `${server} :${port}`, startTimeoutMs: options.startTimeoutMs ?? 30_000 });
}

async function started(server: StackServer, child: NatsProcess, url: string, timeoutMs: number): Promise<void> {
  await child.start();
  const ready = `${url}${SERVERS[server].readyPath}`;
  await waitFor(async () => (await fetch(ready)).ok, { timeoutMs, message: `${server} on ${url} to be ready` });
}
