import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { releaseSetupInput } from '../../release/release-setup';
import { bundleGenerators, checkBundlesTogether } from '.';
import { SAMPLE_URLS, writeBundle } from './prometheus/sample-setup.testing';

// Real promtool, amtool and prometheus-blackbox-exporter (Debian's prometheus, prometheus-alertmanager, prometheus-blackbox-exporter).

jest.setTimeout(120_000);

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The written bundle of one release's monitoring (the deployment's monitor step's one-item setup). */
function releaseBundle(application: string): string {
  const input = releaseSetupInput({ application, environment: 'staging', targets: ['127.0.0.1:4001'], slo: { availability: 0.995, latency_p99_ms: 300 } });
  const dir = writeBundle(bundleGenerators.generate(input, SAMPLE_URLS).files);
  dirs.push(dir);
  return dir;
}

describe('checkBundlesTogether (several releases, one run of each tool)', () => {
  it('passes bundles that load, each with its own checks, saying they were checked together; rule tests only where asked', async () => {
    const [a, b, c] = ['orders', 'payments', 'search'].map(releaseBundle) as [string, string, string];
    const verdicts = await checkBundlesTogether([
      { dir: a, ruleTests: true },
      { dir: b, ruleTests: false },
      { dir: c, ruleTests: false },
    ]);
    expect(verdicts.map((v) => v.checks.filter((check) => !check.passed))).toEqual([[], [], []]);
    const first = verdicts[0]?.checks ?? [];
    expect(first.map((check) => `${check.check} ${check.file}`)).toEqual(
      expect.arrayContaining(['promtool check config prometheus/prometheus.yml', 'promtool check rules prometheus/rules/orders.yml', 'promtool test rules prometheus/tests/orders.test.yml', 'amtool check-config alertmanager/alertmanager.yml', 'amtool config routes test alertmanager/routing-tests.json']),
    );
    expect(first.find((check) => check.check === 'promtool check config')?.detail).toBe('passed (checked in one run with 2 other bundles)');
    expect(verdicts[0]?.ruleTestsPassed).toBeGreaterThan(10);
    expect(verdicts[1]?.checks.map((check) => check.check)).not.toContain('promtool test rules');
    expect(verdicts.map((v) => v.routingCasesPassed)).toEqual([2, 2, 2]);
  });

  it('when one bundle does not load, checks each alone: the broken one fails naming its file and promtool\'s words, the others pass', async () => {
    const [good, broken] = ['inventory', 'billing'].map(releaseBundle) as [string, string];
    const rules = join(broken, 'prometheus/rules/billing.yml');
    writeFileSync(rules, readFileSync(rules, 'utf8').replace('up{', 'up{{'));
    const [ok, refused] = await checkBundlesTogether([
      { dir: good, ruleTests: false },
      { dir: broken, ruleTests: false },
    ]);
    expect(ok?.checks.filter((check) => !check.passed)).toEqual([]);
    expect(ok?.checks.find((check) => check.check === 'promtool check config')?.detail).not.toContain('one run with');
    const failed = refused?.checks.filter((check) => !check.passed) ?? [];
    expect(failed.map((check) => check.file)).toContain('prometheus/rules/billing.yml');
    expect(failed.find((check) => check.check === 'promtool check rules')?.detail).toMatch(/parse error|unexpected/);
  });

  it('checks a single bundle exactly as the monitoring setup\'s validate step does', async () => {
    const dir = releaseBundle('single');
    const [alone] = await checkBundlesTogether([{ dir, ruleTests: true }]);
    const validated = await bundleGenerators.check(dir, 'prometheus_grafana', { ruleTests: true });
    // The second check finds the rule test files passed by the first: the same words, and that it did not run them again.
    const reused = ' (the same test and rules bytes passed promtool test rules earlier: not run again)';
    expect(validated.checks.filter((check) => check.detail?.endsWith(reused)).map((check) => check.check)).toEqual(['promtool test rules']);
    expect(alone).toEqual({ ...validated, checks: validated.checks.map((check) => ({ ...check, detail: check.detail?.replace(reused, '') })) });
  });

  it('runs the blackbox exporter only on modules whose bytes it has not passed before: a later run of the same modules says it reused that pass', async () => {
    // The real exporter behind a wrapper that counts its runs (a new binary path: nothing it passed before counts).
    const bin = mkdtempSync(join(tmpdir(), 'blackbox-bin-'));
    dirs.push(bin);
    const runs = join(bin, 'runs');
    writeFileSync(join(bin, 'blackbox'), `#!/bin/sh\necho run >> '${runs}'\nexec prometheus-blackbox-exporter "$@"\n`);
    chmodSync(join(bin, 'blackbox'), 0o755);
    const before = process.env['JETWAY_BLACKBOX_EXPORTER_BIN'];
    process.env['JETWAY_BLACKBOX_EXPORTER_BIN'] = join(bin, 'blackbox');
    const ranTimes = () => readFileSync(runs, 'utf8').split('\n').filter(Boolean).length;
    const blackboxDetails = (verdicts: Awaited<ReturnType<typeof checkBundlesTogether>>) => verdicts.map((v) => v.checks.find((check) => check.check === 'blackbox exporter --config.check'));
    try {
      const first = await checkBundlesTogether(['cart', 'wishlist'].map((app) => ({ dir: releaseBundle(app), ruleTests: false })));
      expect(ranTimes()).toBe(1);
      expect(blackboxDetails(first).map((check) => [check?.passed, check?.detail])).toEqual([
        [true, 'passed (checked in one run with 1 other bundle)'],
        [true, 'passed (checked in one run with 1 other bundle)'],
      ]);
      const later = await checkBundlesTogether(['checkout', 'returns'].map((app) => ({ dir: releaseBundle(app), ruleTests: false })));
      expect(ranTimes()).toBe(1);
      expect(blackboxDetails(later).map((check) => check?.detail)).toEqual([
        'passed (checked in one run with 1 other bundle) (the same bytes passed prometheus-blackbox-exporter earlier: not run again)',
        'passed (checked in one run with 1 other bundle) (the same bytes passed prometheus-blackbox-exporter earlier: not run again)',
      ]);
      expect(later.map((v) => v.checks.filter((check) => !check.passed))).toEqual([[], []]);
    } finally {
      if (before === undefined) delete process.env['JETWAY_BLACKBOX_EXPORTER_BIN'];
      else process.env['JETWAY_BLACKBOX_EXPORTER_BIN'] = before;
    }
  });
});
