import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Instance } from '../../use-cases';
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
   * The records whose process still runs (same pid, same start time); records of instances
   * that are gone are deleted. Unreadable files are dropped too: they cannot be adopted.
   */
  survivors(): InstanceRecord[] {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((name) => name.endsWith('.json'));
    } catch {
      return [];
    }
    const alive: InstanceRecord[] = [];
    for (const name of names) {
      const record = parse(join(this.dir, name));
      if (record && stillRunning(record)) alive.push(record);
      else rmSync(join(this.dir, name), { force: true });
    }
    return alive;
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
