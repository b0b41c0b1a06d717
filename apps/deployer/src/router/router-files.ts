import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Route } from '../use-cases/weighted-router.port';
import { RouteTableSchema } from './route-schema';

// Where the router process keeps its state, in `<deployer data dir>/router/` (mode 700): what the
// deployer needs to find it, talk to it and stop it, and the routes it serves after a restart.

export interface RouterPaths {
  readonly dir: string;
  /** The control socket (mode 600): routes, drain, status. */
  readonly socket: string;
  /** Which process is the router: `RouterRecord`, written atomically. */
  readonly record: string;
  /** The route table, written atomically before a new route is served. */
  readonly routes: string;
  /** The router's stdout and stderr (JSON lines). */
  readonly log: string;
}

/** A unix socket path must fit in sockaddr_un (108 bytes with its terminator). */
const MAX_SOCKET_PATH = 107;

export function routerPaths(deployerDataDir: string): RouterPaths {
  const dir = join(deployerDataDir, 'router');
  const paths = { dir, socket: join(dir, 'control.sock'), record: join(dir, 'router.json'), routes: join(dir, 'routes.json'), log: join(dir, 'router.log') };
  if (Buffer.byteLength(paths.socket) > MAX_SOCKET_PATH) {
    throw new Error(`the router's control socket ${paths.socket} is longer than ${MAX_SOCKET_PATH} bytes: use a shorter JETWAY_DEPLOYER_DATA_DIR`);
  }
  return paths;
}

/**
 * The router process: its pid and the kernel's start time of that pid (so a recycled pid is
 * not taken for it), when it started, and — once it listens — its port. Created exclusively,
 * so it is also the lock that keeps a second router off the same directory.
 */
export interface RouterRecord {
  readonly pid: number;
  readonly start_ticks?: string;
  readonly started_at: string;
  /** Absent while the router is starting. */
  readonly port?: number;
}

export function readRecord(path: string): RouterRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(path, 'utf8')) as RouterRecord;
    return typeof record.pid === 'number' && typeof record.started_at === 'string' ? record : undefined;
  } catch {
    return undefined;
  }
}

/** Creates the record only if none exists; false when one does. */
export function createRecord(path: string, record: RouterRecord): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(record));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Replaces a file with `text` atomically (write beside, fsync, rename): a reader sees the old or the new whole. */
export function writeAtomically(path: string, text: string): void {
  const partial = `${path}.partial-${process.pid}`;
  const fd = openSync(partial, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(partial, path);
}

export function removeFile(path: string): void {
  rmSync(path, { force: true });
}

/** The persisted route table; an unreadable file is reported (and moved aside), never half-applied. */
export function loadRoutes(path: string): { routes: Record<string, Route>; problem?: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { routes: {} };
    return { routes: {}, problem: `cannot read ${path}: ${(error as Error).message}` };
  }
  const parsed = (() => {
    try {
      return RouteTableSchema.safeParse((JSON.parse(text) as { routes?: unknown }).routes);
    } catch (error) {
      return { success: false as const, error: error as Error };
    }
  })();
  if (parsed.success) return { routes: parsed.data };
  const aside = `${path}.unreadable-${Date.now()}`;
  renameSync(path, aside);
  return { routes: {}, problem: `${path} does not read as a route table (moved to ${aside}): ${parsed.error.message}` };
}

export function saveRoutes(path: string, routes: Record<string, Route>): void {
  writeAtomically(path, `${JSON.stringify({ version: 1, routes }, null, 1)}\n`);
}
