import type { CiFixtureName } from '@jetway/testing';
import type { ProjectAnalysis } from '@jetway/contracts';
import { promqlSyntaxError } from '@jetway/promql';
import { generateFiles } from '../generate-files';
import { fixtureAnalyses, generateTrigger } from '../generate.testing';
import { buildPipelineModel } from '../model/build-model';
import { README_PATH } from '../readme/pipeline-readme.generator';
import { QUALITY_DASHBOARD_PATH } from './quality-dashboard.generator';

interface DashboardJson {
  uid: string;
  title: string;
  panels: Array<{ type: string; title: string; datasource?: unknown; targets?: Array<{ expr: string; datasource?: unknown }>; fieldConfig?: { defaults?: { thresholds?: { steps?: Array<{ value: number | null }> } } } }>;
  templating: { list: Array<{ name: string; query: string | { query: string } }> };
}

describe('the CI bundle’s quality dashboard (create_quality_dashboards)', () => {
  let fixtures: Record<CiFixtureName, ProjectAnalysis>;
  beforeAll(async () => {
    fixtures = await fixtureAnalyses();
  });

  const generated = (threshold = 80) => {
    const trigger = generateTrigger(fixtures['node-app'], { quality_gates: { test_coverage_threshold: threshold, security_scan_required: true, performance_benchmarks: false, fail_on_severity: 'high' } });
    return generateFiles(buildPipelineModel(trigger), trigger.platforms);
  };
  const dashboardOf = (files: ReturnType<typeof generated>) => JSON.parse(files.find((f) => f.path === QUALITY_DASHBOARD_PATH)?.content ?? '{}') as DashboardJson;

  it('is a Grafana dashboard of the application with the spec’s six dashboard types', () => {
    const dashboard = dashboardOf(generated());
    expect([dashboard.uid, dashboard.title]).toEqual(['jw-quality-shop', 'shop: quality']);
    const titles = dashboard.panels.filter((p) => p.type !== 'row').map((p) => p.title);
    expect(titles).toEqual(expect.arrayContaining(['Build success (7d)', 'Test coverage', 'Deployment frequency', 'Lead time (p50)', 'Time to restore', 'Security findings']));
  });

  it('names the Prometheus datasource by {type, uid} and has only queries that parse, its variable substituted as Grafana would', () => {
    const dashboard = dashboardOf(generated());
    const panels = dashboard.panels.filter((p) => p.type !== 'row');
    const targets = panels.flatMap((p) => p.targets ?? []);
    expect(targets.length).toBeGreaterThanOrEqual(6);
    for (const ref of [...panels.map((p) => p.datasource), ...targets.map((t) => t.datasource)]) expect(ref).toEqual({ type: 'prometheus', uid: 'prometheus' });
    const variable = dashboard.templating.list.find((v) => v.name === 'application');
    const selector = /^label_values\((.+), application\)$/.exec(typeof variable?.query === 'string' ? variable.query : (variable?.query.query ?? ''))?.[1];
    const queries = [...targets.map((t) => t.expr), selector ?? 'no label_values('];
    for (const query of queries) expect([query, promqlSyntaxError(query.replaceAll('$application', '.+'))?.message]).toEqual([query, undefined]);
  });

  it('turns coverage green at the request’s gate, and the README says where the dashboard is', () => {
    const files = generated(65);
    const coverage = dashboardOf(files).panels.find((p) => p.title === 'Test coverage');
    expect(coverage?.fieldConfig?.defaults?.thresholds?.steps?.map((s) => s.value)).toEqual([null, 0.65]);
    expect(files.find((f) => f.path === README_PATH)?.content).toContain('`dashboards/quality.json` is a Grafana dashboard of shop');
  });
});
