import { spawnSync } from 'node:child_process';
import { cpuUse } from './processes';

describe('cpuUse', () => {
  it('counts the CPU of a program the process ran and waited for, as part of the process’s own total', () => {
    const before = cpuUse(process.pid);
    // A shell busy for ~0.2 s of CPU, waited for.
    const ran = spawnSync('sh', ['-c', 'i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done'], { stdio: 'ignore' });
    expect(ran.status).toBe(0);
    const after = cpuUse(process.pid);
    const programs = (after?.programsMs ?? NaN) - (before?.programsMs ?? NaN);
    const total = (after?.totalMs ?? NaN) - (before?.totalMs ?? NaN);
    expect(programs).toBeGreaterThanOrEqual(50);
    expect(total).toBeGreaterThanOrEqual(programs);
  });

  it('is undefined for a process that is gone', () => {
    const gone = spawnSync('true').pid;
    expect(cpuUse(gone)).toBeUndefined();
  });
});
