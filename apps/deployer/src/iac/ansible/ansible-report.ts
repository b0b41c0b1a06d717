/** One task's result on one host, as the events callback recorded it. */
export interface TaskResult {
  host: string;
  task: string;
  /** The module, e.g. `ansible.builtin.copy`. */
  action: string;
  status: 'ok' | 'failed' | 'ignored' | 'unreachable' | 'skipped';
  changed: boolean;
  msg: string;
  /** Unified diff of what the task changed (or, in check mode, would change); '' when none. */
  diff: string;
}

/** A host's PLAY RECAP counts. `changed` tasks are also counted in `ok`, as ansible does. */
export interface HostCounts {
  ok: number;
  changed: number;
  failed: number;
  unreachable: number;
  skipped: number;
}

export interface AnsibleReport {
  hosts: Record<string, HostCounts>;
  tasks: TaskResult[];
}

/** The tasks that changed (or would change), as `host: task`. */
export function changedTasks(report: AnsibleReport): string[] {
  return report.tasks.filter((task) => task.changed && task.status === 'ok').map((task) => `${task.host}: ${task.task}`);
}

/** Sum of `changed` over all hosts: 0 means in sync. */
export function totalChanged(report: AnsibleReport): number {
  return Object.values(report.hosts).reduce((sum, host) => sum + host.changed, 0);
}

/** Hosts with failed tasks or that could not be reached, with their first failure's message. */
export function problems(report: AnsibleReport): string[] {
  return Object.entries(report.hosts)
    .filter(([, counts]) => counts.failed > 0 || counts.unreachable > 0)
    .map(([host, counts]) => {
      const first = report.tasks.find((task) => task.host === host && (task.status === 'failed' || task.status === 'unreachable'));
      const why = first ? ` (task "${first.task}": ${first.msg || first.status})` : '';
      return `${host}: failed=${counts.failed} unreachable=${counts.unreachable}${why}`;
    });
}

/**
 * Reads the callback's JSON lines. `undefined` when the recap line is missing: ansible stopped
 * before the play ended (a parse error, a missing inventory), so there are no counts to trust.
 */
export function parseEvents(jsonLines: string): AnsibleReport | undefined {
  const tasks: TaskResult[] = [];
  let hosts: Record<string, HostCounts> | undefined;
  for (const line of jsonLines.split('\n')) {
    if (line.trim() === '') continue;
    const event = JSON.parse(line) as { event: string } & Partial<TaskResult> & { hosts?: Record<string, RawCounts> };
    if (event.event === 'task') tasks.push(taskOf(event));
    if (event.event === 'stats' && event.hosts) hosts = countsOf(event.hosts);
  }
  return hosts ? { hosts, tasks } : undefined;
}

interface RawCounts {
  ok?: number;
  changed?: number;
  failures?: number;
  unreachable?: number;
  skipped?: number;
}

function countsOf(raw: Record<string, RawCounts>): Record<string, HostCounts> {
  return Object.fromEntries(
    Object.entries(raw).map(([host, c]) => [
      host,
      { ok: c.ok ?? 0, changed: c.changed ?? 0, failed: c.failures ?? 0, unreachable: c.unreachable ?? 0, skipped: c.skipped ?? 0 },
    ]),
  );
}

function taskOf(event: Partial<TaskResult>): TaskResult {
  return {
    host: event.host ?? '',
    task: event.task ?? '',
    action: event.action ?? '',
    status: event.status ?? 'ok',
    changed: event.changed ?? false,
    msg: event.msg ?? '',
    diff: event.diff ?? '',
  };
}

/**
 * The check-mode plan as the review gate shows it: one line per host with its counts and the
 * tasks that would change, e.g. `web1: 2 to change, 1 ok, 0 failed, 0 unreachable (settings; port)`.
 */
export function describePlan(report: AnsibleReport): string[] {
  return Object.entries(report.hosts).map(([host, counts]) => {
    const changing = report.tasks.filter((task) => task.host === host && task.changed && task.status === 'ok').map((task) => task.task);
    const names = changing.length > 0 ? ` (${changing.join('; ')})` : '';
    return `${host}: ${counts.changed} to change, ${counts.ok - counts.changed} ok, ${counts.failed} failed, ${counts.unreachable} unreachable${names}`;
  });
}
