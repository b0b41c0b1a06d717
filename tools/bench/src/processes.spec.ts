import { spawnSync } from 'node:child_process';
import { cpuMs, programsCpuMs } from './processes';

describe('programsCpuMs', () => {
  it('counts the CPU of a program the process ran and waited for, as part of the process’s own total', () => {
    const [programsBefore, totalBefore] = [programsCpuMs(process.pid) ?? NaN, cpuMs(process.pid) ?? NaN];
    // A shell busy for ~0.2 s of CPU, waited for.
    const ran = spawnSync('sh', ['-c', 'i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done'], { stdio: 'ignore' });
    expect(ran.status).toBe(0);
    const programs = (programsCpuMs(process.pid) ?? NaN) - programsBefore;
    const total = (cpuMs(process.pid) ?? NaN) - totalBefore;
    expect(programs).toBeGreaterThanOrEqual(50);
    expect(total).toBeGreaterThanOrEqual(programs);
  });

  it('is undefined for a process that is gone', () => {
    const gone = spawnSync('true').pid;
    expect(programsCpuMs(gone)).toBeUndefined();
  });
});
