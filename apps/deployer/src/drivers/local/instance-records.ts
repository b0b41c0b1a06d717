import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Instance, InstanceExit } from '../../use-cases';
import { groupAlive } from './process-group';

/**
 * What the local runtime writes down about each instance it starts, so a deployer that died
 * (SIGKILL, OOM) can adopt the instances that outlived it instead of starting them again.
 */
export interface InstanceRecord {
  readonly instance: Instance;
  /** Pid of the instance's shell, which is also its process group id. */
  readonly pid: number;
  /** The kernel's start time of that pid (Linux), so a recycled pid is not mistaken for it. */
  readonly startTicks?: string;
  /** The start (one move of one rollout) that started it: `ReleaseRuntime.startedUnder`. */
  readonly key?: string;
  /** How a keyed instance ended, kept for a repeated start of its key; its process is gone. */
  readonly ended?: InstanceExit;
  /** When it ended, epoch ms: an ended record is dropped a day later. */
  readonly endedAt?: number;
}

/** How long an ended instance's record is kept: longer than any step that could repeat its start. */
export const ENDED_KEEP_MS = 24 * 60 * 60 * 1_000;

/** What a restarted deployer finds: instances still running, and keyed ones that ended. */
export interface Found {
  readonly alive: InstanceRecord[];
  readonly ended: InstanceRecord[];
}

/** One JSON file per instance under `<dataDir>/instances/`, written atomically. */
export class InstanceRecords {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'instances');
  }

  write(record: InstanceRecord): void {
    mkdirSync(this.dir, { recursive: true });
    const file = this.fileOf(record.instance.id);
    writeFileSync(`${file}.partial`, JSON.stringify(record));
    renameSync(`${file}.partial`, file);
  }

  remove(id: string): void {
    rmSync(this.fileOf(id), { force: true });
  }

  /**
   * The records whose process still runs (same pid, same start time), and the ended ones of
   * the last day. A keyed instance found gone is written down as ended (`unseen`: nobody saw
   * how); records of other instances that are gone are deleted, and so are unreadable files.
   */
  scan(now: number): Found {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((name) => name.endsWith('.json'));
    } catch {
      return { alive: [], ended: [] };
    }
    const found: Found = { alive: [], ended: [] };
    for (const name of names) {
      const record = parse(join(this.dir, name));
      if (record?.ended) {
        if (now - (record.endedAt ?? 0) < ENDED_KEEP_MS) found.ended.push(record);
        else this.remove(record.instance.id);
      } else if (record && stillRunning(record)) {
        found.alive.push(record);
      } else if (record?.key) {
        const ended = { ...record, ended: { code: null, signal: null, earlier: 'unseen' as const }, endedAt: now };
        this.write(ended);
        found.ended.push(ended);
      } else {
        rmSync(join(this.dir, name), { force: true });
      }
    }
    return found;
  }

  private fileOf(id: string): string {
    return join(this.dir, `${id}.json`);
  }
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); undefined off Linux. */
export function startTicksOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function stillRunning(record: InstanceRecord): boolean {
  if (!groupAlive(record.pid)) return false;
  // The group outlives its leader when the shell exits before its children; then no ticks to compare.
  const now = startTicksOf(record.pid);
  return record.startTicks === undefined || now === undefined || now === record.startTicks;
}

function parse(file: string): InstanceRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as InstanceRecord;
    return typeof record.pid === 'number' && typeof record.instance?.id === 'string' ? record : undefined;
  } catch {
    return undefined;
  }
}
