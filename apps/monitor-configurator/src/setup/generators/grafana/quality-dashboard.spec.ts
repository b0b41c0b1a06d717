import { PROMETHEUS_DATASOURCE, layoutRow } from './dashboard-kit';
import type { PanelSpec } from './dashboard-kit';
import { dashboardProblems } from './check-grafana';
import { JETWAY_QUALITY_QUERIES, qualityDashboard } from './quality-dashboard';

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

describe('layoutRow', () => {
  const panel = (width: number): PanelSpec => ({ kind: 'timeseries', title: `w${width}`, width, queries: [{ expr: 'up' }] });

  it('wraps a panel that would pass column 24 onto the next line, below the tallest', () => {
    const { positions, bottom } = layoutRow([panel(8), { ...panel(8), height: 12 }, panel(12), panel(12)], 3);
    expect(positions).toEqual([
      { x: 0, y: 3, w: 8, h: 8 },
      { x: 8, y: 3, w: 8, h: 12 },
      { x: 0, y: 15, w: 12, h: 8 },
      { x: 12, y: 15, w: 12, h: 8 },
    ]);
    expect(bottom).toBe(23);
  });
});
