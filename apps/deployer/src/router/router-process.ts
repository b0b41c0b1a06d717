import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { startTicksOf } from '../drivers/local/instance-records';
import { ControlServer } from './control-server';
import { createRecord, loadRoutes, readRecord, removeFile, routerPaths, writeAtomically, type RouterRecord } from './router-files';
import { RouterServer } from './router-server';

export interface RouterProcessConfig {
  /** The deployer's data directory; the router keeps its files in `<it>/router/`. */
  readonly dataDir: string;
  readonly port: number;
  readonly upstreamTimeoutMs: number;
  /** How long a graceful stop lets requests in flight finish. */
  readonly stopGraceMs: number;
}

export type Log = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;

/** Another router process already serves this data directory. */
export class RouterAlreadyRunning extends Error {
  override readonly name = 'RouterAlreadyRunning';
  constructor(readonly record: RouterRecord) {
    super(`a router already runs for this data directory (pid ${record.pid}${record.port ? `, port ${record.port}` : ''})`);
  }
}

export interface RunningRouter {
  readonly router: RouterServer;
  /** Stops serving (requests in flight get `stopGraceMs`), then removes the record and the socket. */
  stop(): Promise<void>;
}

/**
 * The router process's life: take the data directory (its record, created exclusively), serve
 * the persisted routes at once on the router port, open the control socket, then say it is
 * ready by writing its port into the record.
 */
export async function runRouter(config: RouterProcessConfig, log: Log): Promise<RunningRouter> {
  const paths = routerPaths(config.dataDir);
  mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  chmodSync(paths.dir, 0o700);
  const self: RouterRecord = { pid: process.pid, start_ticks: startTicksOf(process.pid), started_at: new Date().toISOString() };
  claim(paths.record, self, log);
  let router: RouterServer | undefined;
  let control: ControlServer | undefined;
  try {
    const { routes, problem } = loadRoutes(paths.routes);
    if (problem) log('warn', problem);
    router = await RouterServer.start({ port: config.port, upstreamTimeoutMs: config.upstreamTimeoutMs });
    for (const [key, route] of Object.entries(routes)) {
      const [application = '', environment = ''] = key.split('/');
      router.setRoute(application, environment, route);
    }
    removeFile(paths.socket); // ours now: the record says so
    const status = { ...self, port: router.port };
    control = await ControlServer.listen(paths.socket, { router, routesFile: paths.routes, status, log: (m, f) => log('info', m, f) });
    writeAtomically(paths.record, JSON.stringify(status));
    log('info', `router listening on 127.0.0.1:${router.port}`, { port: router.port, routes: Object.keys(routes).length, socket: paths.socket });
  } catch (error) {
    await control?.close();
    await router?.close();
    release(paths.record, paths.socket);
    throw error;
  }
  const serving = router;
  const controlling = control;
  return {
    router: serving,
    stop: async () => {
      await controlling.close();
      await serving.close(config.stopGraceMs);
      release(paths.record, paths.socket);
    },
  };
}

/** Creates the record; a record of a process that is gone (or is now another process) is taken over. */
function claim(path: string, self: RouterRecord, log: Log): void {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (createRecord(path, self)) return;
    const other = readRecord(path);
    if (other && other.pid !== self.pid && isRunning(other)) throw new RouterAlreadyRunning(other);
    log('info', `taking over the router record of a router that is gone`, { previous: other?.pid });
    removeFile(path);
  }
  throw new Error(`cannot create ${path}: another router keeps creating it`);
}

/** Whether the recorded router process still runs: the same pid with the same kernel start time. */
export function isRunning(record: RouterRecord): boolean {
  try {
    process.kill(record.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (stateOf(record.pid) === 'Z') return false; // exited, not yet reaped by its parent
  const ticks = startTicksOf(record.pid);
  return record.start_ticks === undefined || ticks === undefined || ticks === record.start_ticks;
}

/** Field 3 of /proc/<pid>/stat (R, S, Z…); undefined off Linux or when gone. */
function stateOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

function release(recordPath: string, socket: string): void {
  if (readRecord(recordPath)?.pid === process.pid) removeFile(recordPath);
  removeFile(socket);
}
