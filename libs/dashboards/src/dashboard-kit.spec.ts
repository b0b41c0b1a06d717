import { promqlSyntaxError } from '@jetway/promql';
import { type PanelSpec, buildDashboard, layoutRow } from './dashboard-kit';
import { JETWAY_QUALITY_QUERIES, qualityDashboard } from './quality-dashboard';

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

describe('buildDashboard', () => {
  it('numbers rows and panels from 1, each query with its refId and the Prometheus datasource', () => {
    const dashboard = buildDashboard({ uid: 'u', title: 't', tags: [], rows: [{ title: 'r', panels: [{ kind: 'stat', title: 's', width: 6, queries: [{ expr: 'up' }, { expr: 'up == 0' }] }] }] });
    expect(dashboard.panels?.map((p) => [p.id, p.type])).toEqual([
      [1, 'row'],
      [2, 'stat'],
    ]);
    const targets = (dashboard.panels?.[1] as { targets?: Array<{ refId?: string; datasource?: unknown }> }).targets;
    expect(targets?.map((t) => [t.refId, t.datasource])).toEqual([
      ['A', { type: 'prometheus', uid: 'prometheus' }],
      ['B', { type: 'prometheus', uid: 'prometheus' }],
    ]);
  });
});

describe('qualityDashboard', () => {
  it('has a panel for each of the spec’s dashboard types, every query parsing as PromQL', () => {
    const dashboard = qualityDashboard({ uid: 'jw-quality-shop', title: 'shop: quality' });
    const panels = (dashboard.panels ?? []) as Array<{ title?: string; targets?: Array<{ expr?: string }> }>;
    expect(panels.map((p) => p.title)).toEqual(expect.arrayContaining(['Build success (7d)', 'Test coverage', 'Deployment frequency', 'Lead time (p50)', 'Time to restore', 'Security findings']));
    const queries = panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? ''));
    expect(queries.length).toBeGreaterThanOrEqual(Object.keys(JETWAY_QUALITY_QUERIES).length);
    // Grafana substitutes $application with a regex before Prometheus parses the query.
    for (const query of queries) expect([query, promqlSyntaxError(query.replaceAll('$application', '.+'))?.message]).toEqual([query, undefined]);
  });
});
