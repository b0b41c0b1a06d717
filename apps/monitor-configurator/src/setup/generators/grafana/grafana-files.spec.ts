import { rm } from 'node:fs/promises';
import { parse } from 'yaml';
import { BUNDLE_LAYOUT, DASHBOARD_UID } from '../../bundle.types';
import type { BundleFile } from '../../bundle.types';
import { checkGrafana } from './check-grafana';
import { grafanaCounts, grafanaFiles } from './grafana-files';
import { SLO_SERIES } from './slo-dashboard';
import { TEST_URLS, twoItemInput, writeBundle } from './two-items.testing';

interface Target {
  expr: string;
  refId: string;
  datasource: unknown;
}
interface Panel {
  type: string;
  title: string;
  datasource?: unknown;
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: Target[];
}
interface DashboardJson {
  uid: string;
  panels: Panel[];
  templating: { list: { name: string; query: string; datasource: unknown }[] };
  links: { url: string }[];
}

const files = grafanaFiles(twoItemInput(), TEST_URLS);
const dashboard = (uid: string): DashboardJson => JSON.parse(fileAt(BUNDLE_LAYOUT.dashboard(uid)).content) as DashboardJson;
const fileAt = (path: string): BundleFile => {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`no ${path} among ${files.map((f) => f.path).join(', ')}`);
  return file;
};
const queryPanels = (d: DashboardJson) => d.panels.filter((p) => p.type !== 'row');
const exprs = (d: DashboardJson) => queryPanels(d).flatMap((p) => (p.targets ?? []).map((t) => t.expr));

/** `files` with the dashboard at `path` changed by `edit`. */
function planted(path: string, edit: (d: DashboardJson) => void): BundleFile[] {
  return files.map((file) => {
    if (file.path !== path) return file;
    const d = JSON.parse(file.content) as DashboardJson;
    edit(d);
    return { path, content: JSON.stringify(d) };
  });
}

async function checksOf(bundle: readonly BundleFile[]) {
  const dir = await writeBundle(bundle);
  try {
    return await checkGrafana(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('grafanaFiles', () => {
  it('writes a RED dashboard per HTTP item, the SLO dashboard and both provisioning files', () => {
    expect(files.map((f) => f.path).sort()).toEqual(
      [
        BUNDLE_LAYOUT.dashboard(DASHBOARD_UID.red('shop', 'checkout')),
        BUNDLE_LAYOUT.dashboard(DASHBOARD_UID.red('shop', 'search')),
        BUNDLE_LAYOUT.dashboard(DASHBOARD_UID.slo('shop')),
        BUNDLE_LAYOUT.grafanaDashboardsProvisioning,
        BUNDLE_LAYOUT.grafanaDatasourcesProvisioning,
      ].sort(),
    );
    expect(grafanaCounts(files)).toEqual({ dashboards: 3 });
  });

  it('passes checkGrafana: provisioning plus one passing check per dashboard', async () => {
    const checks = await checksOf(files);
    expect(checks).toHaveLength(4);
    expect(checks.filter((c) => !c.passed)).toEqual([]);
    expect(checks.filter((c) => c.check === 'grafana dashboard').map((c) => c.file)).toEqual([
      'grafana/dashboards/jw-red-shop-checkout.json',
      'grafana/dashboards/jw-red-shop-search.json',
      'grafana/dashboards/jw-slo-shop.json',
    ]);
  });

  it('reads every rate over $__rate_interval', () => {
    const all = [DASHBOARD_UID.red('shop', 'checkout'), DASHBOARD_UID.red('shop', 'search')].flatMap((uid) => exprs(dashboard(uid)));
    const windows = all.flatMap((expr) => [...expr.matchAll(/\brate\([^[]*\[([^\]]+)\]/g)].map((m) => m[1]));
    expect(windows.length).toBeGreaterThanOrEqual(5);
    expect(new Set(windows)).toEqual(new Set(['$__rate_interval']));
  });

  it('names the provisioned datasource uid in every panel, query and variable', () => {
    const provisioned = parse(fileAt(BUNDLE_LAYOUT.grafanaDatasourcesProvisioning).content) as { datasources: { type: string; uid: string; url: string }[] };
    expect(provisioned.datasources).toEqual([expect.objectContaining({ type: 'prometheus', uid: 'prometheus', isDefault: true, url: 'http://prometheus:9090' })]);
    const ref = { type: 'prometheus', uid: provisioned.datasources[0]?.uid };
    for (const uid of [DASHBOARD_UID.red('shop', 'checkout'), DASHBOARD_UID.red('shop', 'search'), DASHBOARD_UID.slo('shop')]) {
      const d = dashboard(uid);
      for (const panel of queryPanels(d)) {
        expect(panel.datasource).toEqual(ref);
        for (const target of panel.targets ?? []) expect(target.datasource).toEqual(ref);
      }
      for (const variable of d.templating.list) expect(variable.datasource).toEqual(ref);
    }
    const provider = parse(fileAt(BUNDLE_LAYOUT.grafanaDashboardsProvisioning).content) as { providers: { type: string; options: { path: string } }[] };
    expect(provider.providers).toEqual([expect.objectContaining({ type: 'file', options: expect.objectContaining({ path: '/var/lib/grafana/dashboards' }) })]);
  });

  it('gives RED dashboards job and instance variables filtered by service, and probe panels to probed items only', () => {
    const checkout = dashboard(DASHBOARD_UID.red('shop', 'checkout'));
    expect(checkout.templating.list.map((v) => [v.name, v.query])).toEqual([
      ['job', 'label_values(up{service="checkout"}, job)'],
      ['instance', 'label_values(up{service="checkout", job=~"$job"}, instance)'],
    ]);
    expect(exprs(checkout).every((e) => e.includes('service="checkout", job=~"$job", instance=~"$instance"'))).toBe(true);
    expect(exprs(checkout)).toEqual(expect.arrayContaining([expect.stringContaining('code=~"5.."'), expect.stringContaining('histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket')]));
    expect(exprs(checkout).some((e) => e.includes('probe_success'))).toBe(false);
    const search = exprs(dashboard(DASHBOARD_UID.red('shop', 'search')));
    expect(search.some((e) => e.startsWith('probe_success{'))).toBe(true);
    expect(search.some((e) => e.startsWith('probe_duration_seconds{'))).toBe(true);
    expect(checkout.links.map((l) => l.url)).toEqual(['http://127.0.0.1:3000/d/jw-slo-shop']);
  });

  it('reads all six SLO series of the setup in the SLO dashboard', () => {
    const all = exprs(dashboard(DASHBOARD_UID.slo('shop'))).join('\n');
    for (const series of Object.values(SLO_SERIES)) expect(all).toContain(`${series}{setup="shop", service=~"$service", team=~"$team"}`);
  });
});

describe('checkGrafana on planted defects', () => {
  const red = BUNDLE_LAYOUT.dashboard(DASHBOARD_UID.red('shop', 'checkout'));

  it('fails a query that does not parse, naming the file and the panel', async () => {
    const bundle = planted(red, (d) => {
      const panel = d.panels.find((p) => p.title === 'Request rate');
      if (panel?.targets?.[0]) panel.targets[0].expr = 'sum(rate(http_requests_total{service="checkout"}[$__rate_interval])';
    });
    const failed = (await checksOf(bundle)).filter((c) => !c.passed);
    expect(failed).toEqual([expect.objectContaining({ check: 'grafana dashboard', file: red })]);
    expect(failed[0]?.detail).toMatch(/^grafana\/dashboards\/jw-red-shop-checkout\.json: panel "Request rate", query A: PromQL does not parse: ends too early/);
  });

  it('fails overlapping panels, an unprovisioned datasource, an undefined variable and a long uid', async () => {
    const bundle = planted(red, (d) => {
      const [first, second] = queryPanels(d);
      if (first && second) second.gridPos = { ...first.gridPos };
      if (second?.targets?.[0]) second.targets[0].datasource = { type: 'prometheus', uid: 'elsewhere' };
      if (first?.targets?.[0]) first.targets[0].expr = 'up{instance=~"$host"}';
      d.uid = 'x'.repeat(41);
    });
    const detail = (await checksOf(bundle)).find((c) => c.file === red)?.detail ?? '';
    expect(detail).toContain('overlaps panel');
    expect(detail).toContain('panel "Error ratio (5xx)", query A: datasource {type: prometheus, uid: elsewhere} is not provisioned');
    expect(detail).toContain('panel "Request rate", query A: uses undefined variable(s) $host');
    expect(detail).toContain(`uid "${'x'.repeat(41)}" must be a string of 1..40 characters`);
  });

  it('fails a dashboard that is not JSON, and a bundle without datasource provisioning', async () => {
    const bundle = files
      .filter((f) => f.path !== BUNDLE_LAYOUT.grafanaDatasourcesProvisioning)
      .map((f) => (f.path === red ? { path: red, content: '{"uid": ' } : f));
    const checks = await checksOf(bundle);
    expect(checks.find((c) => c.file === red)).toEqual(expect.objectContaining({ passed: false, detail: expect.stringContaining('does not parse as JSON') }));
    expect(checks.find((c) => c.check === 'grafana provisioning')).toEqual(expect.objectContaining({ passed: false, detail: expect.stringContaining('ENOENT') }));
    expect(checks.find((c) => c.file === BUNDLE_LAYOUT.dashboard(DASHBOARD_UID.slo('shop')))?.detail).toContain('is not provisioned (provisioned: none)');
  });
});
