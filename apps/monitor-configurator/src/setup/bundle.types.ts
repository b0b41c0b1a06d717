import { createHash } from 'node:crypto';
import type { MonitoringCheck, MonitoringGenerateTriggered, StepRef } from '@jetway/contracts';
import type { z } from 'zod';

/** What a monitoring setup is generated from: the generate step's trigger without its step reference. */
export type SetupInput = Omit<MonitoringGenerateTriggered, keyof z.infer<typeof StepRef>>;

/** Where the generated files point: runbook pages, dashboards, Alertmanager's webhook to Jetway. */
export interface SetupUrls {
  /** Base of the runbook pages, ending in `/`: `<base><service>/<alertname>.html` (served by the monitor-configurator). */
  readonly runbooks: string;
  /** Grafana's base URL: dashboards are `<grafana>/d/<uid>`. */
  readonly grafana: string;
  /** Jetway's alert ingress for this setup: Alertmanager posts to `<alertIngress>/<receiver>`. */
  readonly alertIngress: string;
  /** The blackbox exporter's `host:port`, as Prometheus reaches it. */
  readonly blackbox: string;
  /** Alertmanager's `host:port`, as Prometheus reaches it. */
  readonly alertmanager: string;
}

/** One generated file, by its path inside the bundle (see BUNDLE_LAYOUT). */
export interface BundleFile {
  readonly path: string;
  readonly content: string;
  /** The value a YAML file's text was written from: counting reads it instead of parsing the text again. Never stored. */
  readonly data?: unknown;
}

/** A validator's verdict on some of the bundle's files (the validate step's `checks`). */
export type Check = MonitoringCheck;

/**
 * Where each part of a bundle lives (relative paths). Prometheus reads `prometheus/` (its
 * config names `targets/*.json` and `rules/*.yml` relative to itself), Alertmanager
 * `alertmanager/alertmanager.yml`, the blackbox exporter `blackbox/blackbox.yml`.
 */
export const BUNDLE_LAYOUT = {
  prometheusConfig: 'prometheus/prometheus.yml',
  targets: (job: string) => `prometheus/targets/${job}.json`,
  rules: (name: string) => `prometheus/rules/${name}.yml`,
  ruleTests: (name: string) => `prometheus/tests/${name}.test.yml`,
  blackboxConfig: 'blackbox/blackbox.yml',
  alertmanagerConfig: 'alertmanager/alertmanager.yml',
  /** `{ cases: [{ labels, receivers }] }`: every (severity × service × channel) routing case, for `amtool config routes test`. */
  routingTests: 'alertmanager/routing-tests.json',
  /** `{ receivers: { <receiver>: AlertingChannel[] } }`: what the alert ingress tells the notifier each receiver stands for. */
  receivers: 'alertmanager/receivers.json',
  dashboard: (uid: string) => `grafana/dashboards/${uid}.json`,
  grafanaDashboardsProvisioning: 'grafana/provisioning/dashboards/jetway.yml',
  grafanaDatasourcesProvisioning: 'grafana/provisioning/datasources/jetway.yml',
  runbook: (service: string, alertname: string) => `runbooks/${service}/${alertname}.html`,
} as const;

/**
 * Labels Prometheus attaches to every series of an inventory item (by relabelling), which every
 * rule, route and dashboard reads: `service` (the item's name), `team`, `tier`, `setup`.
 */
export const ITEM_LABELS = ['service', 'team', 'tier', 'setup'] as const;

/** Alert severities: `page` wakes someone (PagerDuty), `ticket` can wait for working hours. */
export type AlertSeverity = 'page' | 'ticket';

/**
 * A Grafana uid from its parts: `jw-<kind>-<parts>` when that fits Grafana's 40 characters,
 * else its first 33 characters and 6 hex digits of the whole name's sha256, so two long names
 * that share a start still differ.
 */
function dashboardUid(kind: string, ...parts: string[]): string {
  const name = ['jw', kind, ...parts].join('-');
  return name.length <= 40 ? name : `${name.slice(0, 33)}-${createHash('sha256').update(name).digest('hex').slice(0, 6)}`;
}

/**
 * Grafana dashboard uids: alerts' `dashboard_url` and the dashboards agree on them. Each names its
 * setup, so the setups of one Grafana (`hello-staging` and `hello-production`) never share one.
 */
export const DASHBOARD_UID = {
  /** The RED dashboard (rate, errors, duration) of one service of a setup. */
  red: (setup: string, service: string) => dashboardUid('red', setup, service),
  /** The SLO dashboard of a setup (budget remaining, burn rate, burn-down). */
  slo: (setup: string) => dashboardUid('slo', setup),
  /** The DORA dashboard of a setup's Jetway meshes (deployment frequency, lead time, change failure rate, time to restore). */
  dora: (setup: string) => dashboardUid('dora', setup),
} as const;

/**
 * What a runbook page and a rule's annotations say about one alerting rule. The Prometheus
 * generator produces these (one per rule); the runbook generator renders one page per entry.
 */
export interface AlertSpec {
  readonly alertname: string;
  /** The inventory item the rule watches (its `service` label). */
  readonly service: string;
  readonly severity: AlertSeverity;
  readonly expr: string;
  /** Prometheus duration of `for:`, absent when the alert fires on the first bad evaluation. */
  readonly for?: string;
  readonly summary: string;
  /** What it means when this fires, in plain words. */
  readonly meaning: string;
  /** How to check (queries to run, pages to open), one entry per step. */
  readonly check: readonly string[];
  /** How to mitigate, one entry per step. */
  readonly mitigate: readonly string[];
  /** Uid of the dashboard that shows it (DASHBOARD_UID). */
  readonly dashboardUid: string;
}
