import { readdirSync, readFileSync } from 'node:fs';

/** The parent pid in the text of /proc/<pid>/stat (field 4, after the command in parentheses, which may hold spaces). */
export function parentPidOf(stat: string): number | undefined {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(fields[1]);
  return Number.isInteger(ppid) && ppid > 0 ? ppid : undefined;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // gone meanwhile, or not ours to read
  }
}

/**
 * The pid of a child of `parent` whose command line holds `arg`, found in /proc (Linux); undefined
 * elsewhere or when there is none. The stack's servers are spawned by the monitor-configurator's
 * launcher, which keeps their processes to itself: this is how the mesh lock learns their pids,
 * so a later launcher can stop what a killed one left running.
 */
export function childPidWithArg(arg: string, parent: number = process.pid): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    const stat = read(`/proc/${entry}/stat`);
    if (stat === undefined || parentPidOf(stat) !== parent) continue;
    if ((read(`/proc/${entry}/cmdline`) ?? '').split('\0').includes(arg)) return Number(entry);
  }
  return undefined;
}
