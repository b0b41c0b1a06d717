import type { InventoryItem } from '@jetway/contracts';
import { DASHBOARD_UID } from '../../bundle.types';
import type { DashboardSpec, PanelSpec, RowSpec } from '@jetway/dashboards';

// The RED dashboard of one inventory item: Rate, Errors, Duration of its HTTP requests (the
// metric contract `http_requests_total{code}` and `http_request_duration_seconds_bucket`), the
// `up` of its targets and, when it is probed, the blackbox exporter's verdicts. Every series is
// selected by the item's `service` label and the `job` / `instance` variables.

/** Rates read over Grafana's `$__rate_interval` (at least four scrapes), never a fixed window. */
export const RATE_INTERVAL = '$__rate_interval';

/** Whether the item has HTTP request metrics to show: it serves HTTP and is scraped (a probe-only item has none). */
export function hasRequestMetrics(item: InventoryItem): boolean {
  return item.serves_http && item.targets.length > 0;
}

/**
 * The dashboard of `item` in setup `setup`, under the uid every alert of the item links to: RED
 * (rate, errors, duration) and its targets for an item with request metrics; its targets (and
 * probes) alone for the others (a database, a probe-only endpoint).
 */
export function redDashboardSpec(item: InventoryItem, setup: string): DashboardSpec {
  const service = `service=${JSON.stringify(item.name)}`;
  const selector = `${service}, job=~"$job", instance=~"$instance"`;
  const red = hasRequestMetrics(item);
  const rows: RowSpec[] = [
    ...(red ? [{ title: 'Requests', panels: requestPanels(selector) }, { title: 'Duration', panels: durationPanels(selector) }] : []),
    { title: 'Targets', panels: targetPanels(selector, item.probes.length > 0) },
  ];
  return {
    uid: DASHBOARD_UID.red(setup, item.name),
    title: red ? `${item.name}: rate, errors, duration` : `${item.name}: targets`,
    description: `${red ? 'RED view' : 'Targets and probes'} of ${item.name} (team ${item.team}, ${item.tier}) in monitoring setup ${setup}.`,
    tags: ['jetway', 'red', `setup:${setup}`, `team:${item.team}`],
    variables: [
      { name: 'job', label: 'Job', selector: `up{${service}}` },
      { name: 'instance', label: 'Instance', selector: `up{${service}, job=~"$job"}` },
    ],
    rows,
  };
}

function rate(metric: string, selector: string): string {
  return `rate(${metric}{${selector}}[${RATE_INTERVAL}])`;
}

function requestPanels(selector: string): PanelSpec[] {
  const all = rate('http_requests_total', selector);
  const errors = rate('http_requests_total', `${selector}, code=~"5.."`);
  return [
    {
      kind: 'timeseries',
      title: 'Request rate',
      description: 'Requests per second, by status code.',
      unit: 'reqps',
      width: 12,
      queries: [{ expr: `sum by (code) (${all})`, legend: '{{code}}' }],
    },
    {
      kind: 'timeseries',
      title: 'Error ratio (5xx)',
      description: 'Share of requests answered with a 5xx status.',
      unit: 'percentunit',
      width: 12,
      min: 0,
      queries: [{ expr: `sum(${errors}) / sum(${all})`, legend: '5xx ratio' }],
    },
  ];
}

function durationPanels(selector: string): PanelSpec[] {
  const buckets = `sum by (le) (${rate('http_request_duration_seconds_bucket', selector)})`;
  return [
    {
      kind: 'timeseries',
      title: 'Request duration p50 / p90 / p99',
      description: 'Quantiles of the request duration histogram.',
      unit: 's',
      width: 24,
      queries: ['0.5', '0.9', '0.99'].map((q) => ({ expr: `histogram_quantile(${q}, ${buckets})`, legend: `p${Number(q) * 100}` })),
    },
  ];
}

function targetPanels(selector: string, probed: boolean): PanelSpec[] {
  const panels: PanelSpec[] = [
    {
      kind: 'stat',
      title: 'Targets up',
      description: 'Share of this service\'s targets whose last scrape succeeded.',
      unit: 'percentunit',
      width: 6,
      queries: [{ expr: `sum(up{${selector}}) / count(up{${selector}})` }],
      thresholds: [
        { value: null, color: 'red' },
        { value: 1, color: 'green' },
      ],
    },
    { kind: 'timeseries', title: 'up by instance', unit: 'short', width: 18, min: 0, max: 1, queries: [{ expr: `up{${selector}}`, legend: '{{instance}}' }] },
  ];
  if (!probed) return panels;
  return [
    ...panels,
    { kind: 'timeseries', title: 'Probe success', unit: 'short', width: 12, min: 0, max: 1, queries: [{ expr: `probe_success{${selector}}`, legend: '{{instance}}' }] },
    { kind: 'timeseries', title: 'Probe duration', unit: 's', width: 12, queries: [{ expr: `probe_duration_seconds{${selector}}`, legend: '{{instance}}' }] },
  ];
}
