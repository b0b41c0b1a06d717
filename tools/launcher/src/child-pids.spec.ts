import { spawn } from 'node:child_process';
import { childPidWithArg, parentPidOf } from './child-pids';

describe('parentPidOf', () => {
  it('reads field 4 of /proc/<pid>/stat, even when the command holds spaces and parentheses', () => {
    expect(parentPidOf('4242 (prometheus) S 1234 4242 4242 0 -1')).toBe(1234);
    expect(parentPidOf('77 (a (b) c) R 99 77 77 0 -1')).toBe(99);
  });

  it('is undefined for text that is not a stat line', () => {
    expect(parentPidOf('garbage')).toBeUndefined();
  });
});

describe('childPidWithArg', () => {
  it("finds this process's child by an argument of its command line, and nothing for another argument", async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', '--', '--web.listen-address=127.0.0.1:1']);
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      expect(childPidWithArg('--web.listen-address=127.0.0.1:1')).toBe(child.pid);
      expect(childPidWithArg('--web.listen-address=127.0.0.1:2')).toBeUndefined();
    } finally {
      child.kill('SIGKILL');
    }
  });
});
