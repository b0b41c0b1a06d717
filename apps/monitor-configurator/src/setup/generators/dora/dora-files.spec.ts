import { parse } from 'yaml';
import { BUNDLE_LAYOUT, DASHBOARD_UID } from '../../bundle.types';
import { SAMPLE_URLS } from '../prometheus/sample-setup.testing';
import { doraFiles } from './dora-files';
import { DORA_SERIES } from './dora-rules';
import { doraSetupInput } from './dora-setup.testing';
import { bucketQuantile, quantile } from './dora-scenario';

interface RuleFile {
  groups: Array<{ name: string; interval: string; rules: Array<{ record: string; expr: string; labels?: Record<string, string> }> }>;
}
interface DashboardJson {
  uid: string;
  panels: Array<{ type: string; targets?: Array<{ expr: string }> }>;
  templating: { list: Array<{ query: string | { query: string } }> };
}

describe('DORA files of a setup with a Jetway mesh', () => {
  const files = doraFiles(doraSetupInput(), SAMPLE_URLS);
  const byPath = new Map(files.map((f) => [f.path, f.content]));
  const rules = parse(byPath.get(BUNDLE_LAYOUT.rules('jetway-dora')) ?? 'groups: []') as RuleFile;
  const records = new Set(rules.groups.flatMap((g) => g.rules.map((r) => r.record)));

  it('writes the mesh’s rules, their tests and the setup’s dashboard, at the bundle’s paths', () => {
    expect(files.map((f) => f.path).sort()).toEqual([BUNDLE_LAYOUT.dashboard(DASHBOARD_UID.dora('delivery')), BUNDLE_LAYOUT.rules('jetway-dora'), BUNDLE_LAYOUT.ruleTests('jetway-dora')].sort());
    expect(rules.groups).toHaveLength(1);
    expect(rules.groups[0]).toMatchObject({ name: 'jetway-dora', interval: '1m' });
  });

  it('records the four keys over 7 and 30 days, every source series scoped to the mesh', () => {
    for (const days of [7, 30] as const) {
      for (const record of [DORA_SERIES.deploymentFrequency(days), DORA_SERIES.leadTime(days), DORA_SERIES.changeFailureRate(days), DORA_SERIES.timeToRestore(days)]) expect(records).toContain(record);
    }
    const selectors = rules.groups.flatMap((g) => g.rules).flatMap((r) => [...r.expr.matchAll(/([a-z_:]+)\{([^}]*)\}/g)]);
    expect(selectors.length).toBeGreaterThan(20);
    for (const [, metric, matchers] of selectors) expect(`${metric}{${matchers}}`).toMatch(/service="jetway",team="platform",tier="tier_2_important",setup="delivery"/);
  });

  it('has a test file whose rule file is the rules it sits beside, with a case per key', () => {
    const tests = parse(byPath.get(BUNDLE_LAYOUT.ruleTests('jetway-dora')) ?? '{}') as { rule_files: string[]; tests: Array<{ name: string; promql_expr_test: unknown[] }> };
    expect(tests.rule_files).toEqual(['../rules/jetway-dora.yml']);
    expect(tests.tests.map((t) => t.name.split(':')[0])).toEqual(['DORA deployment frequency', 'DORA lead time', 'DORA change failure rate', 'DORA time to restore']);
    for (const t of tests.tests) expect(t.promql_expr_test.length).toBeGreaterThan(1);
  });

  it('has a dashboard reading only series the rules record', () => {
    const dashboard = JSON.parse(byPath.get(BUNDLE_LAYOUT.dashboard(DASHBOARD_UID.dora('delivery'))) ?? '{}') as DashboardJson;
    expect(dashboard.uid).toBe('jw-dora-delivery');
    const queries = [...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)), ...dashboard.templating.list.map((v) => (typeof v.query === 'string' ? v.query : v.query.query))];
    const read = new Set(queries.flatMap((q) => [...q.matchAll(/\b(dora:[a-z0-9_:]+)/g)].map((m) => m[1])));
    expect(read.size).toBeGreaterThanOrEqual(10);
    for (const name of read) expect(records).toContain(name);
  });
});

describe('DORA files without a Jetway mesh', () => {
  it('are none', () => {
    expect(doraFiles(doraSetupInput({ dora: false }), SAMPLE_URLS)).toEqual([]);
  });

  it('refuses a mesh whose own labels would overwrite the counters’ labels, naming them', () => {
    expect(() => doraFiles(doraSetupInput({ meshLabels: { environment: 'prod' } }), SAMPLE_URLS)).toThrow(/jetway: its labels environment would overwrite/);
  });
});

describe('the scenario’s arithmetic', () => {
  it('takes medians as Prometheus does', () => {
    expect(quantile(0.5, [1800, 1200])).toBe(1500);
    expect(quantile(0.5, [3, 1, 2])).toBe(2);
    // 40, 100, 1000: the rank 1.5 falls in the (60, 300] bucket holding one of them.
    expect(bucketQuantile(0.5, [100, 1000, 40])).toBe(180);
    expect(bucketQuantile(0.5, [100_000])).toBe(86_400);
  });
});
