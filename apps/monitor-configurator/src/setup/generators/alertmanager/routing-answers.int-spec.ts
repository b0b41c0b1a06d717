import { rmSync } from 'node:fs';
import type { BundleFile } from '../../bundle.types';
import { releaseSetupInput } from '../../../release/release-setup';
import { alertmanagerFiles } from './alertmanager-files';
import { validateAlertmanager } from './check-alertmanager';
import { writeBundle } from '../prometheus/sample-setup.testing';
import { URLS } from './setup-input.testing';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The files in a fresh directory, as a check unpacks a bundle (removed after the specs). */
function written(files: BundleFile[]): string {
  const dir = writeBundle(files);
  dirs.push(dir);
  return dir;
}

/** A release's Alertmanager files as the monitor step writes them: the receivers post to the setup's own ingress path. */
const release = (application: string, environment: 'staging' | 'production') =>
  alertmanagerFiles(releaseSetupInput({ application, environment, slo: { availability: 0.995, latency_p99_ms: 300 }, targets: ['127.0.0.1:8080'] }), {
    ...URLS,
    alertIngress: `http://127.0.0.1:8470/alerts/${application}-${environment}`,
  });

describe('routing cases answered by earlier amtool runs (real amtool)', () => {
  it('runs amtool for the first release of an environment, and answers the next application’s cases from it', async () => {
    const first = await validateAlertmanager(written(release('hello', 'production')));
    expect(first.checks[1]).toMatchObject({ passed: true, detail: '2 of 2 routing cases passed' });
    const second = await validateAlertmanager(written(release('shop', 'production')));
    expect(second.checks[1]).toMatchObject({ passed: true });
    expect(second.checks[1]?.detail).toBe(
      '2 of 2 routing cases passed (2 answered by an earlier amtool run on the same routing tree, for an alert with the same values of every label its routes match on)',
    );
    expect(second.routingCasesPassed).toBe(2);
  });

  it('runs amtool again for another routing tree, and a planted misroute still fails there', async () => {
    const staging = await validateAlertmanager(written(release('hello', 'staging')));
    expect(staging.checks[1]?.detail).toBe('2 of 2 routing cases passed');
    // Pages of production routed to the ticket receiver: a tree amtool has not seen, whose answers differ.
    const misrouted = release('billing', 'production').map((f) =>
      f.path.endsWith('alertmanager.yml') ? { ...f, content: f.content.replace(/receiver: default-page/g, 'receiver: default-ticket') } : f,
    );
    const verdict = await validateAlertmanager(written(misrouted));
    expect(verdict.checks[1]).toMatchObject({ passed: false });
    expect(verdict.checks[1]?.detail).toContain('1 of 2 routing cases passed');
    expect(verdict.checks[1]?.detail).not.toContain('answered by an earlier amtool run');
    expect(verdict.checks[1]?.detail).toContain('expected default-page, got default-ticket');
  });
});
