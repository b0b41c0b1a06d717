import { rm } from 'node:fs/promises';
import { parse } from 'yaml';
import { BUNDLE_LAYOUT } from '../bundle.types';
import { bundleGenerators } from '.';
import { SAMPLE_URLS, sampleInput, writeBundle } from './prometheus/sample-setup.testing';

interface RuleFile {
  groups: Array<{ rules: Array<{ alert?: string; labels?: Record<string, string>; annotations?: Record<string, string> }> }>;
}

describe('a whole prometheus_grafana bundle', () => {
  const input = sampleInput();
  const bundle = bundleGenerators.generate(input, SAMPLE_URLS);
  const byPath = new Map(bundle.files.map((f) => [f.path, f.content]));
  const alerts = bundle.files
    .filter((f) => f.path.startsWith('prometheus/rules/'))
    .flatMap((f) => (parse(f.content) as RuleFile).groups.flatMap((g) => g.rules.filter((r) => r.alert)));

  it('points every alert’s runbook_url and dashboard_url at a page and a dashboard of the same bundle', () => {
    expect(alerts.length).toBe(bundle.counts.alerts);
    const dashboards = new Set(bundle.files.filter((f) => f.path.startsWith('grafana/dashboards/')).map((f) => (JSON.parse(f.content) as { uid: string }).uid));
    for (const alert of alerts) {
      const runbook = alert.annotations?.['runbook_url'] ?? '';
      expect(runbook.startsWith(SAMPLE_URLS.runbooks)).toBe(true);
      expect(byPath.has(`runbooks/${runbook.slice(SAMPLE_URLS.runbooks.length)}`)).toBe(true);
      const uid = /\/d\/([^/?]+)/.exec(alert.annotations?.['dashboard_url'] ?? '')?.[1];
      expect(uid && dashboards.has(uid) ? uid : `${alert.alert} → missing dashboard ${uid}`).toBe(uid);
    }
  });

  it('passes every check of its own tools, counting each generated test', async () => {
    const dir = writeBundle(bundle.files);
    try {
      const verdict = await bundleGenerators.check(dir, 'prometheus_grafana');
      expect(verdict.checks.filter((c) => !c.passed)).toEqual([]);
      expect(verdict.checks.map((c) => c.check)).toEqual(expect.arrayContaining(['promtool check config', 'promtool check rules', 'promtool test rules', 'amtool check-config']));
      expect(verdict.ruleTestsPassed).toBe(bundle.counts.rule_tests);
      expect(verdict.routingCasesPassed).toBe(bundle.counts.routing_cases);
      expect(bundle.counts.dashboards).toBeGreaterThanOrEqual(3);
      expect(byPath.has(BUNDLE_LAYOUT.alertmanagerConfig)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
