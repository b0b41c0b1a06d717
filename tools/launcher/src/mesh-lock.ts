import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTicksOf } from '@jetway/deployer';

/** A process the owner started (nats-server, a service), so a takeover can stop what a killed owner left. */
export interface OwnedProcess {
  name: string;
  pid: number;
  processStart: string | null;
}

/** Who runs the mesh of a state directory: what `<state dir>/mesh.lock` holds. */
export interface MeshOwner {
  pid: number;
  /** Field 22 of /proc/<pid>/stat (clock ticks since boot), so a recycled pid is not taken for the owner; null off Linux. */
  processStart: string | null;
  natsUrl: string;
  routerPort: number;
  /** ISO time the owner took the lock. */
  startedAt: string;
  /** Tells this owner's lock from a later one with the same pid. */
  token: string;
  /** What it started so far (written as it starts them). */
  children: OwnedProcess[];
}

export const LOCK_FILE = 'mesh.lock';

/** Why the launcher took a lock over instead of refusing; `owner` is undefined when the file was unreadable. */
export interface Takeover {
  owner?: MeshOwner;
  reason: string;
}

export type LockAttempt = { acquired: true; lock: MeshLock; tookOver?: Takeover } | { acquired: false; owner: MeshOwner };

/** A process's kernel start time (clock ticks since boot), so a recycled pid is not taken for its owner: the deployer's own check. */
export const processStartOf: (pid: number) => string | undefined = startTicksOf;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Undefined when `owner` (or a child it started) still runs; otherwise why it does not. */
export function staleBecause(owner: Pick<OwnedProcess, 'pid' | 'processStart'>, startOf: (pid: number) => string | undefined = processStartOf): string | undefined {
  if (!pidAlive(owner.pid)) return `pid ${owner.pid} is gone`;
  const now = startOf(owner.pid);
  if (owner.processStart !== null && now !== undefined && now !== owner.processStart) return `pid ${owner.pid} is now another process`;
  return undefined;
}

/** What a second `npm start` on the same state directory says. */
export function refusal(owner: MeshOwner): string {
  return `a mesh is already running (pid ${owner.pid}, NATS at ${owner.natsUrl}); use it with \`npm run jetway\`, or stop it first`;
}

function parseOwner(text: string): MeshOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<MeshOwner>;
    const valid = Number.isInteger(value.pid) && typeof value.natsUrl === 'string' && typeof value.token === 'string';
    return valid ? ({ ...value, children: Array.isArray(value.children) ? value.children : [] } as MeshOwner) : undefined;
  } catch {
    return undefined;
  }
}

function readOwner(path: string): { owner: MeshOwner | undefined } | undefined {
  try {
    return { owner: parseOwner(readFileSync(path, 'utf8')) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Takes `<stateDir>/mesh.lock`: one mesh (one nats-server on `.jetway/nats`, one set of services,
 * one deployer adopting `.jetway/deployer` instances) per state directory. The file appears
 * whole or not at all (written aside, then hard-linked into place, which fails if it exists).
 * A live owner makes the attempt fail with that owner; a stale lock (its pid gone, or reused by
 * another process) is moved aside and taken over.
 */
export function acquireMeshLock(stateDir: string, info: { natsUrl: string; routerPort: number }, startOf = processStartOf): LockAttempt {
  const path = join(stateDir, LOCK_FILE);
  const owner: MeshOwner = {
    pid: process.pid,
    processStart: startOf(process.pid) ?? null,
    natsUrl: info.natsUrl,
    routerPort: info.routerPort,
    startedAt: new Date().toISOString(),
    token: randomUUID(),
    children: [],
  };
  const draft = `${path}.${owner.token}`;
  writeFileSync(draft, `${JSON.stringify(owner, null, 2)}\n`);
  let tookOver: Takeover | undefined;
  try {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        linkSync(draft, path);
        return { acquired: true, lock: new MeshLock(path, owner), ...(tookOver ? { tookOver } : {}) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = readOwner(path);
      if (!current) continue; // released meanwhile: try again
      const reason = current.owner ? staleBecause(current.owner, startOf) : 'the lock file is unreadable';
      if (!reason && current.owner) return { acquired: false, owner: current.owner };
      if (moveAsideIfUnchanged(path, current.owner)) tookOver = { ...(current.owner ? { owner: current.owner } : {}), reason: reason ?? 'stale' };
    }
    throw new Error(`could not take ${path}: other launchers keep changing it`);
  } finally {
    unlinkSync(draft);
  }
}

/**
 * Moves a stale lock aside; if what got moved is not the lock judged stale (another launcher
 * took it over in between), puts it back. True when the stale lock is gone.
 */
function moveAsideIfUnchanged(path: string, stale: MeshOwner | undefined): boolean {
  const aside = `${path}.stale-${process.pid}-${randomUUID().slice(0, 8)}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const moved = readOwner(aside)?.owner;
  if (moved && moved.token !== stale?.token) {
    try {
      linkSync(aside, path);
    } catch {
      // A third launcher holds the lock now; the one we moved is then stale-or-lost either way.
    }
    unlinkSync(aside);
    return false;
  }
  unlinkSync(aside);
  return true;
}

/** A held mesh lock. `release()` removes the file only while it is still this owner's. */
export class MeshLock {
  private released = false;

  constructor(
    readonly path: string,
    private current: MeshOwner,
  ) {}

  get owner(): MeshOwner {
    return this.current;
  }

  /** Writes down a process this owner started (replacing the file whole), while the lock is still ours. */
  recordChild(name: string, pid: number | undefined): void {
    if (pid === undefined || this.released || readOwner(this.path)?.owner?.token !== this.current.token) return;
    this.current = { ...this.current, children: [...this.current.children, { name, pid, processStart: processStartOf(pid) ?? null }] };
    const draft = `${this.path}.${this.current.token}`;
    writeFileSync(draft, `${JSON.stringify(this.current, null, 2)}\n`);
    renameSync(draft, this.path);
  }

  /** Synchronous, so it also runs from a process 'exit' handler. True when the file was removed. */
  release(): boolean {
    if (this.released) return false;
    this.released = true;
    const current = readOwner(this.path);
    if (current?.owner?.token !== this.owner.token) return false;
    try {
      unlinkSync(this.path);
      return true;
    } catch {
      return false;
    }
  }
}
