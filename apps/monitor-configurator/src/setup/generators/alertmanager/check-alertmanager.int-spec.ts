import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { BUNDLE_LAYOUT, type BundleFile } from '../../bundle.types';
import type { AlertmanagerConfig } from './alertmanager-config';
import { alertmanagerFiles } from './alertmanager-files';
import { CONFIG_CHECK, ROUTES_CHECK, checkAlertmanager, validateAlertmanager } from './check-alertmanager';
import { FIXTURE_ROUTING_CASES, URLS, setupInput } from './setup-input.testing';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The files written into a fresh directory, as the validate step unpacks a bundle. */
function written(files: BundleFile[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'jetway-alertmanager-'));
  dirs.push(dir);
  for (const file of files) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.content);
  }
  return dir;
}

/** The files with one file's text changed (a planted defect). */
function planted(files: BundleFile[], path: string, change: (text: string) => string): BundleFile[] {
  return files.map((f) => {
    if (f.path !== path) return f;
    const content = change(f.content);
    if (content === f.content) throw new Error(`the defect was not planted in ${path}`);
    return { ...f, content };
  });
}

describe('checkAlertmanager (real amtool)', () => {
  it.each(['jetway', 'alertmanager'] as const)('passes the config and every routing case with %s delivery', async (delivery) => {
    const verdict = await validateAlertmanager(written(alertmanagerFiles(setupInput(delivery), URLS)));
    expect(verdict.checks.map(({ check, file, passed }) => ({ check, file, passed }))).toEqual([
      { check: CONFIG_CHECK, file: BUNDLE_LAYOUT.alertmanagerConfig, passed: true },
      { check: ROUTES_CHECK, file: BUNDLE_LAYOUT.routingTests, passed: true },
    ]);
    expect(verdict.checks[0]?.detail).toContain('SUCCESS');
    // The second delivery's route tree is the first's: its cases are answered by the first's amtool runs (routing-answers).
    const reused = delivery === 'alertmanager' ? ` (${FIXTURE_ROUTING_CASES} answered by an earlier amtool run on the same routing tree, for an alert with the same values of every label its routes match on)` : '';
    expect(verdict.checks[1]?.detail).toBe(`${FIXTURE_ROUTING_CASES} of ${FIXTURE_ROUTING_CASES} routing cases passed${reused}`);
    expect(verdict.routingCasesPassed).toBe(FIXTURE_ROUTING_CASES);
  });

  it('fails the config check naming the file when a route goes to an undefined receiver', async () => {
    const files = planted(alertmanagerFiles(setupInput(), URLS), BUNDLE_LAYOUT.alertmanagerConfig, (text) => text.replace('receiver: team-payments-tier3', 'receiver: nobody-defined'));
    const checks = await checkAlertmanager(written(files));
    expect(checks[0]).toMatchObject({ check: CONFIG_CHECK, file: 'alertmanager/alertmanager.yml', passed: false });
    expect(checks[0]?.detail).toMatch(/alertmanager\.yml.*FAILED.*undefined receiver "nobody-defined"/s);
    expect(checks[1]).toMatchObject({ check: ROUTES_CHECK, passed: false, detail: 'not run: alertmanager/alertmanager.yml does not load' });
  });

  it('fails the routing check listing each case whose alert goes elsewhere (a tier 3 page routed to the pager)', async () => {
    // The tier 3 route removed: ledger-db's pages would page, which the routing tests forbid.
    const files = planted(alertmanagerFiles(setupInput(), URLS), BUNDLE_LAYOUT.alertmanagerConfig, (text) => {
      const config = parse(text) as AlertmanagerConfig;
      const payments = config.route.routes?.[0];
      if (payments) payments.routes = payments.routes?.filter((node) => !node.matchers?.includes('tier="tier_3_standard"'));
      return stringify(config);
    });
    const verdict = await validateAlertmanager(written(files));
    expect(verdict.checks[0]?.passed).toBe(true);
    expect(verdict.checks[1]).toMatchObject({ check: ROUTES_CHECK, file: BUNDLE_LAYOUT.routingTests, passed: false });
    expect(verdict.routingCasesPassed).toBe(FIXTURE_ROUTING_CASES - 4);
    expect(verdict.checks[1]?.detail).toContain(`${FIXTURE_ROUTING_CASES - 4} of ${FIXTURE_ROUTING_CASES} routing cases passed`);
    expect(verdict.checks[1]?.detail).toContain('{alertname=JetwayRoutingTest severity=page service=ledger-db team=payments tier=tier_3_standard setup=shop} expected team-payments-tier3, got team-payments-page');
  });

  it('fails a case whose receiver does not stand for its channel in receivers.json', async () => {
    const files = planted(alertmanagerFiles(setupInput(), URLS), BUNDLE_LAYOUT.receivers, (text) => {
      const parsed = JSON.parse(text) as { receivers: Record<string, Array<{ name: string }>> };
      parsed.receivers['default-page'] = (parsed.receivers['default-page'] ?? []).filter((c) => c.name !== 'payments-pager');
      return JSON.stringify(parsed);
    });
    const verdict = await validateAlertmanager(written(files));
    expect(verdict.routingCasesPassed).toBe(FIXTURE_ROUTING_CASES - 1);
    expect(verdict.checks[1]?.detail).toContain('reached default-page, which alertmanager/receivers.json does not say stands for channel payments-pager');
  });

  it("passes a setup without channels (Jetway's notifier takes its alerts), and fails when receivers.json gives such a receiver a channel", async () => {
    const input = { ...setupInput(), alerting_channels: [], routing: { teams: [] } };
    const files = alertmanagerFiles(input, URLS);
    const passing = await validateAlertmanager(written(files));
    expect(passing.checks.map((c) => c.passed)).toEqual([true, true]);
    // checkout (tier 1), ledger-db (tier 3), search (tier 2): one case per severity each.
    expect(passing.routingCasesPassed).toBe(6);
    const claimed = planted(files, BUNDLE_LAYOUT.receivers, (text) => text.replace('"default-page": []', '"default-page": [{ "name": "stray" }]'));
    const failing = await validateAlertmanager(written(claimed));
    expect(failing.checks[1]).toMatchObject({ check: ROUTES_CHECK, passed: false });
    expect(failing.checks[1]?.detail).toContain("is meant for Jetway's notifier, but alertmanager/receivers.json says default-page stands for stray");
  });

  it('fails both checks saying how to install amtool when it is missing', async () => {
    const dir = written(alertmanagerFiles(setupInput(), URLS));
    const checks = await checkAlertmanager(dir, join(dir, 'no-such-amtool'));
    expect(checks.map((c) => c.passed)).toEqual([false, false]);
    for (const check of checks) expect(check.detail).toContain('apt-get install prometheus-alertmanager');
  });
});
