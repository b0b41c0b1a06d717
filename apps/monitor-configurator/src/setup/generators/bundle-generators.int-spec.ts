import { rm } from 'node:fs/promises';
import { parse } from 'yaml';
import { BUNDLE_LAYOUT, DASHBOARD_UID } from '../bundle.types';
import { bundleGenerators } from '.';
import { doraSetupInput } from './dora/dora-setup.testing';
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

describe('a prometheus_grafana bundle with a Jetway mesh (jetway_dora)', () => {
  const bundle = bundleGenerators.generate(doraSetupInput(), SAMPLE_URLS);
  const without = bundleGenerators.generate(doraSetupInput({ dora: false }), SAMPLE_URLS);
  const dora = [BUNDLE_LAYOUT.rules('jetway-dora'), BUNDLE_LAYOUT.ruleTests('jetway-dora'), BUNDLE_LAYOUT.dashboard(DASHBOARD_UID.dora('delivery'))];

  it('holds the mesh’s DORA rules, their tests and the DORA dashboard, counted with the others', () => {
    const paths = bundle.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(dora));
    expect(bundle.counts).toEqual({ ...without.counts, recording_rules: without.counts.recording_rules + 16, rule_tests: without.counts.rule_tests + 4, dashboards: without.counts.dashboards + 1 });
  });

  it('has none of them without the flag', () => {
    expect(without.files.filter((f) => f.path.includes('dora'))).toEqual([]);
  });

  it('passes every check of its own tools, the DORA files’ among them', async () => {
    const dir = writeBundle(bundle.files);
    try {
      const verdict = await bundleGenerators.check(dir, 'prometheus_grafana');
      expect(verdict.checks.filter((c) => !c.passed)).toEqual([]);
      const checked = verdict.checks.map((c) => `${c.check} ${c.file}`);
      expect(checked).toEqual(expect.arrayContaining([`promtool check rules ${dora[0]}`, `promtool test rules ${dora[1]}`, `grafana dashboard ${dora[2]}`]));
      expect(verdict.ruleTestsPassed).toBe(bundle.counts.rule_tests);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
