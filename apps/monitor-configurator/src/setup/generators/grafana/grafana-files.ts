import { inventoryItems } from '@jetway/contracts';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { BUNDLE_LAYOUT, DASHBOARD_UID } from '../../bundle.types';
import type { BundleFile, SetupInput, SetupUrls } from '../../bundle.types';
import { buildDashboard, PROMETHEUS_DATASOURCE } from '@jetway/dashboards';
import type { DashboardSpec } from '@jetway/dashboards';
import { yamlText } from '../yaml-text';
import { redDashboardSpec } from './red-dashboard';
import { sloDashboardSpec } from './slo-dashboard';

/** Where Grafana finds what the provisioning names, as Grafana sees it. */
export interface GrafanaPlacement {
  /** Prometheus's URL from Grafana (default: docker-compose.yml's `http://prometheus:9090`). */
  readonly prometheusUrl: string;
  /** The directory Grafana reads the bundle's `grafana/dashboards/` from (default: docker-compose.yml's mount). */
  readonly dashboardsPath: string;
}

export const DEFAULT_GRAFANA_PLACEMENT: GrafanaPlacement = {
  prometheusUrl: 'http://prometheus:9090',
  dashboardsPath: '/var/lib/grafana/dashboards',
};

/**
 * The Grafana part of a bundle: a dashboard per item (RED for one with request metrics, its targets
 * otherwise: every alert of an item links to one), the setup's SLO
 * dashboard, and the provisioning of the Prometheus datasource (uid `prometheus`, which every
 * panel names) and of a file provider for the dashboards.
 */
export function grafanaFiles(input: SetupInput, urls: SetupUrls, placement: GrafanaPlacement = DEFAULT_GRAFANA_PLACEMENT): BundleFile[] {
  const grafana = urls.grafana.replace(/\/+$/, '');
  const sloUid = DASHBOARD_UID.slo(input.name);
  const items = inventoryItems(input.infrastructure_inventory);
  const red: DashboardSpec[] = items.map((item) => ({
    ...redDashboardSpec(item, input.name),
    links: [{ title: 'SLO dashboard', url: `${grafana}/d/${sloUid}` }],
  }));
  const slo: DashboardSpec = {
    ...sloDashboardSpec(input),
    links: red.map((spec) => ({ title: spec.title, url: `${grafana}/d/${spec.uid}` })),
  };
  return [
    ...[...red, slo].map((spec) => dashboardFile(buildDashboard(spec))),
    { path: BUNDLE_LAYOUT.grafanaDatasourcesProvisioning, content: yamlText(datasourcesProvisioning(input, placement)) },
    { path: BUNDLE_LAYOUT.grafanaDashboardsProvisioning, content: yamlText(dashboardsProvisioning(input, placement)) },
  ];
}

/** What the Grafana part of a bundle holds, counted. */
export function grafanaCounts(files: readonly BundleFile[]): { dashboards: number } {
  const dashboard = /^grafana\/dashboards\/[^/]+\.json$/;
  return { dashboards: files.filter((file) => dashboard.test(file.path)).length };
}

function dashboardFile(dashboard: Dashboard): BundleFile {
  if (!dashboard.uid) throw new Error(`dashboard "${dashboard.title}" has no uid`);
  return { path: BUNDLE_LAYOUT.dashboard(dashboard.uid), content: `${JSON.stringify(dashboard, null, 2)}\n` };
}

/** Grafana's datasource provisioning: Prometheus under the uid every panel names. */
function datasourcesProvisioning(input: SetupInput, placement: GrafanaPlacement) {
  return {
    apiVersion: 1,
    datasources: [
      {
        name: 'Prometheus',
        uid: PROMETHEUS_DATASOURCE.uid,
        type: PROMETHEUS_DATASOURCE.type,
        access: 'proxy',
        url: placement.prometheusUrl,
        isDefault: true,
        editable: false,
        // `$__rate_interval` is at least four scrape intervals: Grafana must know the scrape interval.
        jsonData: { timeInterval: `${input.timing.scrape_interval_seconds}s` },
      },
    ],
  };
}

/** Grafana's dashboard provisioning: a file provider for the bundle's dashboards folder. */
function dashboardsProvisioning(input: SetupInput, placement: GrafanaPlacement) {
  return {
    apiVersion: 1,
    providers: [
      {
        name: `jetway-${input.name}`,
        folder: `Jetway ${input.name}`,
        type: 'file',
        disableDeletion: false,
        allowUiUpdates: false,
        updateIntervalSeconds: 30,
        options: { path: placement.dashboardsPath, foldersFromFilesStructure: false },
      },
    ],
  };
}
