import { JETWAY_QUALITY_QUERIES, PROMETHEUS_DATASOURCE, qualityDashboard } from '@jetway/dashboards';
import { dashboardProblems } from './check-grafana';

// The CI/CD setup's quality dashboard (libs/dashboards) under the monitoring bundle's Grafana checks.

describe('qualityDashboard', () => {
  const dashboard = qualityDashboard({ uid: 'jw-quality-shop', title: 'shop: quality' });

  it('builds a dashboard that passes the dashboard checks', () => {
    expect(dashboard.uid).toBe('jw-quality-shop');
    expect(dashboardProblems(JSON.stringify(dashboard), [PROMETHEUS_DATASOURCE])).toEqual([]);
  });

  it('has a panel for build status, coverage, the DORA keys and security posture', () => {
    const titles = (dashboard.panels ?? []).map((panel) => panel.title);
    expect(titles).toEqual(expect.arrayContaining(['Build success (7d)', 'Test coverage', 'Deployment frequency', 'Lead time (p50)', 'Time to restore', 'Security findings']));
    const exprs = JSON.stringify(dashboard.panels);
    for (const query of Object.values(JETWAY_QUALITY_QUERIES)) expect(exprs).toContain(JSON.stringify(query).slice(1, -1));
  });

  it('fails the checks when a query of its own does not parse', () => {
    const broken = qualityDashboard({ uid: 'q', title: 'q', queries: { ...JETWAY_QUALITY_QUERIES, testCoverage: 'max(jetway_test_coverage_ratio' } });
    expect(dashboardProblems(JSON.stringify(broken), [PROMETHEUS_DATASOURCE])).toEqual([expect.stringMatching(/^panel "Test coverage", query A: PromQL does not parse/)]);
  });
});
