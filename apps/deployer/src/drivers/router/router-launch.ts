import { spawn } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RouterStatus } from '../../router/control-server';
import { readRecord, routerPaths, type RouterPaths, type RouterRecord } from '../../router/router-files';
import { isRunning } from '../../router/router-process';
import { controlCall, RouterUnreachable } from './control-client';

// Finding, starting and stopping the router process of a deployer data directory.

/** How to run the router's entry point: Node's arguments and the working directory. */
export interface RouterCommand {
  readonly args: readonly string[];
  readonly cwd: string;
  /** Variables to set besides the inherited ones (e.g. NODE_PATH for a compiled copy outside the checkout). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface RouterLaunch {
  /** The port a router this starts listens on (a running router keeps its own). */
  readonly port: number;
  readonly upstreamTimeoutMs?: number;
  /** How long a router has to answer on its control socket after it started. */
  readonly startTimeoutMs?: number;
  /** Default: the compiled `router/main.js` beside this code, or `main.ts` through @swc-node/register when this runs as TypeScript. */
  readonly command?: RouterCommand;
}

/** The router that serves the data directory now, and whether it was running already. */
export interface FoundRouter {
  readonly status: RouterStatus;
  readonly adopted: boolean;
}

/** Exit code of a router that found another one serving the directory. */
const ALREADY_RUNNING_EXIT = 3;
/** Variables the router inherits from the deployer (its own settings included); credentials stay out. */
const INHERITED = ['PATH', 'NODE_PATH', 'HOME', 'LANG', 'TZ', 'JETWAY_ROUTER_UPSTREAM_TIMEOUT_MS', 'JETWAY_ROUTER_STOP_GRACE_MS'];

/**
 * The router of `dataDir`: the running one (its record names a live process with the same start
 * time, and it answers on the control socket), or one started now — detached, its own process
 * group, logging to `<dataDir>/router/router.log` — so it outlives the caller.
 */
export async function ensureRouter(dataDir: string, launch: RouterLaunch): Promise<FoundRouter> {
  const paths = routerPaths(dataDir);
  const timeoutMs = launch.startTimeoutMs ?? 20_000;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const running = await findRouter(paths, timeoutMs);
    if (running) return { status: running, adopted: true };
    const started = await startRouter(paths, dataDir, launch, timeoutMs);
    if (started) return { status: started, adopted: false };
    // Another router took the directory first (two deployers starting at once): adopt that one.
  }
  throw new Error(`no router could be started or adopted in ${paths.dir} (see ${paths.log})`);
}

/** The status of the router the record names, waiting for one that is still starting; undefined when none runs. */
export async function findRouter(paths: RouterPaths, timeoutMs: number): Promise<RouterStatus | undefined> {
  const record = readRecord(paths.record);
  if (!record || !isRunning(record)) return undefined;
  const status = await answering(paths, record.pid, timeoutMs, () => isRunning(record));
  if (status) return status;
  if (!isRunning(record)) return undefined;
  throw new Error(`router pid ${record.pid} runs but does not answer on ${paths.socket} within ${timeoutMs} ms: stop it (kill ${record.pid}) and start the deployer again`);
}

/**
 * Stops the router of `dataDir` if one runs: SIGTERM (it lets requests in flight finish, up to
 * its grace period), SIGKILL after `graceMs`. Returns its pid, or undefined when none ran.
 */
export async function stopRouter(dataDir: string, graceMs = 15_000): Promise<number | undefined> {
  const record = readRecord(routerPaths(dataDir).record);
  if (!record || !isRunning(record)) return undefined;
  signal(record, 'SIGTERM');
  if (await gone(record, graceMs)) return record.pid;
  signal(record, 'SIGKILL');
  if (!(await gone(record, 5_000))) throw new Error(`router pid ${record.pid} still runs after SIGKILL`);
  return record.pid;
}

/** The router's command when it is not given: compiled JavaScript beside this file, or its TypeScript in a checkout. */
export function defaultRouterCommand(): RouterCommand {
  const routerDir = resolve(__dirname, '..', '..', 'router');
  if (__filename.endsWith('.ts')) {
    return { args: ['-r', '@swc-node/register', join(routerDir, 'main.ts')], cwd: resolve(__dirname, '..', '..', '..', '..', '..') };
  }
  return { args: [join(routerDir, 'main.js')], cwd: process.cwd() };
}

/** Starts a router and waits for it to answer; undefined when it found another router serving the directory. */
async function startRouter(paths: RouterPaths, dataDir: string, launch: RouterLaunch, timeoutMs: number): Promise<RouterStatus | undefined> {
  mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  chmodSync(paths.dir, 0o700);
  const command = launch.command ?? defaultRouterCommand();
  const out = openSync(paths.log, 'a', 0o600);
  const ended: { code?: number } = {};
  try {
    const child = spawn(process.execPath, [...command.args], {
      cwd: command.cwd,
      env: { ...routerEnv(dataDir, launch), ...command.env },
      stdio: ['ignore', out, out],
      detached: true, // its own process group: outlives the deployer, and no Ctrl-C of a terminal reaches it
    });
    child.once('exit', (code) => (ended.code = code ?? 128));
    child.once('error', () => (ended.code = ended.code ?? 1));
    child.unref();
    await new Promise<void>((ready, failed) => child.once('spawn', ready).once('error', failed));
    const pid = child.pid as number;
    const status = await answering(paths, pid, timeoutMs, () => ended.code === undefined);
    if (status) return status;
    if (ended.code === ALREADY_RUNNING_EXIT) return undefined;
    if (ended.code === undefined) child.kill('SIGKILL');
    const what = ended.code === undefined ? `did not answer within ${timeoutMs} ms` : `exited with code ${ended.code}`;
    throw new Error(`the router (pid ${pid}) ${what}:\n${tail(paths.log)}`);
  } finally {
    closeSync(out);
  }
}

/** Polls the control socket until the router with `pid` answers, or `alive()` turns false, or the time is up. */
async function answering(paths: RouterPaths, pid: number, timeoutMs: number, alive: () => boolean): Promise<RouterStatus | undefined> {
  const endAt = Date.now() + timeoutMs;
  while (Date.now() < endAt && alive()) {
    const record = readRecord(paths.record);
    if (record?.pid === pid && record.port !== undefined) {
      const status = await controlCall<RouterStatus>(paths.socket, 'GET', '/v1/status', { timeoutMs: 2_000 }).catch((error: Error) => {
        if (error instanceof RouterUnreachable) return undefined;
        throw error;
      });
      if (status?.pid === pid) return status;
    }
    await sleep(25);
  }
  return undefined;
}

function routerEnv(dataDir: string, launch: RouterLaunch): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of INHERITED) if (process.env[name] !== undefined) env[name] = process.env[name];
  env['JETWAY_DEPLOYER_DATA_DIR'] = dataDir;
  env['JETWAY_ROUTER_PORT'] = String(launch.port);
  if (launch.upstreamTimeoutMs !== undefined) env['JETWAY_ROUTER_UPSTREAM_TIMEOUT_MS'] = String(launch.upstreamTimeoutMs);
  return env;
}

function signal(record: RouterRecord, name: NodeJS.Signals): void {
  try {
    process.kill(record.pid, name);
  } catch {
    // gone already
  }
}

async function gone(record: RouterRecord, timeoutMs: number): Promise<boolean> {
  const endAt = Date.now() + timeoutMs;
  while (isRunning(record)) {
    if (Date.now() >= endAt) return false;
    await sleep(25);
  }
  return true;
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-10).join('\n');
  } catch {
    return '(no log)';
  }
}
