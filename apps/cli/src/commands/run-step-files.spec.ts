import type { RunStatusView } from '@jetway/contracts';
import { printLogs, printReport } from './run-step-files';

const RUN = '01J0000000000000000000000A';
const run: RunStatusView = {
  run_id: RUN,
  application: 'shop',
  status: 'failed',
  created_at: '2026-11-30T00:00:00Z',
  urls: {},
  approvers: [],
  steps: [
    { step_id: 'build', kind: 'build', status: 'finished', outcome: 'succeeded', log_object: 'log-build' },
    { step_id: 'scan', kind: 'scan', status: 'finished', outcome: 'failed', outputs: { sarif_object: 'sarif-1' }, log: 'scanned 3 files\n' },
    { step_id: 'deploy-staging', kind: 'deploy', environment: 'staging', status: 'pending' },
  ],
};
const store = new Map([
  ['log-build', Buffer.from('npm run build\nok\n')],
  ['sarif-1', Buffer.from('{"version":"2.1.0"}')],
]);
const read = async (name: string) => store.get(name);

describe('jetway logs and report', () => {
  it('prints one step’s log as stored, or every step’s under a header', async () => {
    const one: string[] = [];
    await printLogs(run, 'build', read, (t) => one.push(t));
    expect(one.join('')).toBe('npm run build\nok\n');
    const all: string[] = [];
    await printLogs(run, undefined, read, (t) => all.push(t));
    expect(all.join('')).toBe('==> build <==\nnpm run build\nok\n\n==> scan <==\nscanned 3 files\n\n');
  });

  it('prints a small log the run status carries inline, without reading the store', async () => {
    const out: string[] = [];
    const reads: string[] = [];
    await printLogs(run, 'scan', async (name) => (reads.push(name), undefined), (t) => out.push(t));
    expect(out.join('')).toBe('scanned 3 files\n');
    expect(reads).toEqual([]);
  });

  it('says plainly when a step keeps no log, or does not exist', async () => {
    await expect(printLogs(run, 'deploy-staging', read, () => undefined)).rejects.toThrow('step deploy-staging keeps no log (pending)');
    await expect(printLogs(run, 'verify', read, () => undefined)).rejects.toThrow(`run ${RUN} has no step verify; its steps are build, scan, deploy-staging`);
    await expect(printLogs({ ...run, steps: [run.steps[0]!] }, 'build', async () => undefined, () => undefined)).rejects.toThrow('no longer in the artifact store');
  });

  it('prints a report byte for byte, and names the step that keeps one', async () => {
    const out: Buffer[] = [];
    await printReport(run, 'scan', read, (b) => out.push(b));
    expect(Buffer.concat(out).toString()).toBe('{"version":"2.1.0"}');
    await expect(printReport(run, 'build', read, () => undefined)).rejects.toThrow('step build keeps no report; the scan step keeps its SARIF');
  });
});
