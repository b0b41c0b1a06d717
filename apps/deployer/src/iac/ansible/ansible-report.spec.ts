import { changedTasks, describePlan, parseEvents, problems, totalChanged } from './ansible-report';
import { ansibleMessage, errorLocation } from './syntax-message';

const task = (host: string, name: string, status: string, changed: boolean, msg = ''): string =>
  JSON.stringify({ event: 'task', status, host, task: name, action: 'ansible.builtin.copy', changed, msg, diff: '' });
const stats = (hosts: Record<string, object>): string => JSON.stringify({ event: 'stats', hosts });

describe('parseEvents', () => {
  it('reads per-host counts (failures → failed) and the tasks in order', () => {
    const lines = [
      task('web1', 'settings', 'ok', true),
      task('web2', 'settings', 'ok', false),
      task('web2', 'restart', 'failed', false, 'no such service'),
      stats({
        web1: { ok: 1, changed: 1, failures: 0, unreachable: 0, skipped: 0, rescued: 0, ignored: 0 },
        web2: { ok: 1, changed: 0, failures: 1, unreachable: 0, skipped: 0, rescued: 0, ignored: 0 },
      }),
    ].join('\n');
    const report = parseEvents(`${lines}\n`);
    expect(report?.hosts).toEqual({
      web1: { ok: 1, changed: 1, failed: 0, unreachable: 0, skipped: 0 },
      web2: { ok: 1, changed: 0, failed: 1, unreachable: 0, skipped: 0 },
    });
    if (!report) throw new Error('no report');
    expect(totalChanged(report)).toBe(1);
    expect(changedTasks(report)).toEqual(['web1: settings']);
    expect(describePlan(report)).toEqual([
      'web1: 1 to change, 0 ok, 0 failed, 0 unreachable (settings)',
      'web2: 0 to change, 1 ok, 1 failed, 0 unreachable',
    ]);
    expect(problems(report)).toEqual(['web2: failed=1 unreachable=0 (task "restart": no such service)']);
  });

  it('has no report when ansible stopped before the recap', () => {
    expect(parseEvents(task('web1', 'settings', 'ok', true))).toBeUndefined();
    expect(parseEvents('')).toBeUndefined();
  });

  it('does not count a changed task that failed as a change', () => {
    const report = parseEvents([task('h', 'a', 'failed', true), stats({ h: { ok: 0, changed: 0, failures: 1 } })].join('\n'));
    expect(report && changedTasks(report)).toEqual([]);
  });
});

describe('syntax messages', () => {
  const output = `ERROR! couldn't resolve module/action 'x.y'. This often indicates a misspelling.

The error appears to be in '/srv/play.yml': line 3, column 7, but may
be elsewhere in the file depending on the exact syntax problem.
`;

  it('finds the file, line and column ansible points at', () => {
    expect(errorLocation(output)).toEqual({ file: '/srv/play.yml', line: 3, column: 7 });
    expect(errorLocation('ERROR! the playbook: x.yml could not be found')).toBeUndefined();
  });

  it('keeps ansible’s explanation without the quoted source', () => {
    expect(ansibleMessage(output)).toBe("couldn't resolve module/action 'x.y'. This often indicates a misspelling.");
    expect(ansibleMessage('')).toBe('ansible-playbook failed without a message');
  });
});
