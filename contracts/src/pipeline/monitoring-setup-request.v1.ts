import { z } from 'zod';
import { AppName } from '../common';
import { deadlinesFor } from '../step/deadlines';
import { ApprovalPolicy, NotificationPolicy } from './inputs';

/** The stacks the seed spec names. Only `prometheus_grafana` is applied; the others are generated as files only. */
export const MonitoringStack = z.enum(['prometheus_grafana', 'elk', 'datadog', 'new_relic'], {
  error: (issue) => (issue.input === 'custom' ? 'custom stacks are not supported: choose prometheus_grafana (applied), or elk, datadog, new_relic (generated as files only)' : undefined),
});
export type MonitoringStack = z.infer<typeof MonitoringStack>;

/** The spec's classification (analyze_infrastructure.classify): tier 1 pages, tier 3 never does. */
export const Tier = z.enum(['tier_1_critical', 'tier_2_important', 'tier_3_standard']);
export type Tier = z.infer<typeof Tier>;

/** `host:port` (a DNS name, IPv4 or bracketed IPv6, and a port 1..65535). */
const HOST_PORT = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]+\]):(?:[1-9]\d{0,4})$/;

export const ScrapeTarget = z
  .string()
  .regex(HOST_PORT, 'must be host:port (for example "10.0.0.5:9100"); give a probe URL under "probes" for an HTTP endpoint')
  .refine((t) => Number(t.slice(t.lastIndexOf(':') + 1)) <= 65535, 'port must be 1..65535');

export const ProbeUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

/** A label name as Prometheus accepts it, not reserved (`__…`). */
const LabelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a Prometheus label name (letters, digits, _)').refine((n) => !n.startsWith('__'), 'names starting with __ are reserved by Prometheus');

/**
 * One thing to monitor: scraped at `targets` (its /metrics), probed at `probes` (blackbox HTTP),
 * or both. `team` routes its alerts; `tier` decides whether they page.
 */
export const InventoryItem = z.object({
  name: AppName,
  targets: z.array(ScrapeTarget).default([]),
  /** Path of the metrics endpoint on each target. */
  metrics_path: z.string().regex(/^\//, 'must start with /').default('/metrics'),
  probes: z.array(ProbeUrl).default([]),
  tier: Tier.default('tier_2_important'),
  team: AppName,
  labels: z.record(LabelName, z.string()).default(() => ({})),
  /** Whether the item serves HTTP requests with the metric contract (`http_requests_total`, latency histogram): SLO rules need it. */
  serves_http: z.boolean().default(true),
  /**
   * Whether the item is a Jetway mesh (its services' ops ports): it exports Jetway's delivery
   * counters, so the setup also gets the DORA four keys as recording rules and a dashboard.
   */
  jetway_dora: z.boolean().default(false),
});
export type InventoryItem = z.infer<typeof InventoryItem>;

export const InfrastructureInventory = z.object({
  servers: z.array(InventoryItem).default([]),
  containers: z.array(InventoryItem).default([]),
  serverless: z.array(InventoryItem).default([]),
  databases: z.array(InventoryItem).default([]),
});
export type InfrastructureInventory = z.infer<typeof InfrastructureInventory>;

/** A path to a file holding a secret (an API URL, a routing key, a password): read by who sends, never copied. */
export const SecretFile = z.string().regex(/^\//, 'must be an absolute path to a file holding the secret (never the secret itself)');

const ChannelBase = {
  name: AppName,
  /** The severities this channel receives (default: every severity). */
  severities: z.array(z.enum(['page', 'ticket'])).min(1).default(['page', 'ticket']),
};

/** Where alerts go. Secrets are files (`*_file`); a config with a secret inline is refused (config blocks are strict). */
export const AlertingChannel = z.discriminatedUnion('type', [
  z.strictObject({ ...ChannelBase, type: z.literal('slack'), config: z.strictObject({ channel: z.string().regex(/^#[a-z0-9._-]+$/, 'must be a Slack channel such as "#payments-alerts"'), api_url_file: SecretFile }) }),
  z.strictObject({ ...ChannelBase, type: z.literal('pagerduty'), config: z.strictObject({ routing_key_file: SecretFile }) }),
  z.strictObject({ ...ChannelBase, type: z.literal('webhook'), config: z.strictObject({ url: ProbeUrl }) }),
  z.strictObject({ ...ChannelBase, type: z.literal('email'), config: z.strictObject({ to: z.email(), from: z.email(), smarthost: z.string().regex(HOST_PORT, 'must be host:port of the SMTP server'), auth_password_file: SecretFile.optional() }) }),
  /** Alertmanager has no SMS receiver: an SMS gateway's webhook, with the number it should text. */
  z.strictObject({ ...ChannelBase, type: z.literal('sms'), config: z.strictObject({ gateway_url: ProbeUrl, to: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number such as "+4915112345678"') }) }),
]);
export type AlertingChannel = z.infer<typeof AlertingChannel>;

/** Which channels a team's alerts go to (by name); teams without a route go to `default_channels`. */
export const TeamRoute = z.object({ team: AppName, channels: z.array(AppName).min(1, 'name at least one channel') });

/** The spec's SLA block, in its units: percentages and milliseconds. */
export const SlaRequirements = z.object({
  availability: z.number().gt(0, 'must be above 0 (a percentage such as 99.9)').lt(100, 'must be below 100: a 100 % objective leaves no error budget to alert on').default(99.9),
  response_time_p99: z.number().positive('must be a positive number of milliseconds').default(1000),
  error_rate: z.number().gt(0, 'must be above 0 (a percentage such as 0.1)').lt(100).default(0.1),
});
export type SlaRequirements = z.infer<typeof SlaRequirements>;

/**
 * Time settings of the generated rules. Production keeps the defaults; a test (or a demo) shortens
 * `evaluation_interval` and `for_scale` so an alert fires in seconds instead of minutes.
 */
export const MonitoringTiming = z.object({
  scrape_interval_seconds: z.number().int().min(1).max(300).default(15),
  evaluation_interval_seconds: z.number().int().min(1).max(300).default(15),
  /** `for:` durations of absent and symptom alerts, in seconds. */
  alert_for_seconds: z.number().int().min(0).max(3600).default(120),
});
export type MonitoringTiming = z.infer<typeof MonitoringTiming>;

/**
 * How alerts leave Alertmanager: `jetway` (every receiver is Jetway's alert ingress; the notifier
 * delivers to the channels, with PagerDuty's dedup keyed on the alert) or `alertmanager` (native
 * Slack, PagerDuty, webhook and email receivers, for an Alertmanager Jetway does not run).
 */
export const AlertDelivery = z.enum(['jetway', 'alertmanager']);
export type AlertDelivery = z.infer<typeof AlertDelivery>;

/** Per-step deadlines in seconds of the monitoring setup pipeline (defaults: the step kinds'). */
export const MonitoringSetupDeadlines = deadlinesFor(['monitoring-generate', 'monitoring-validate', 'monitoring-apply', 'monitoring-verify', 'approval']);

/**
 * A monitoring setup request; inputs mirror the seed spec's `monitoring_setup_pipeline`. Jetway
 * generates one bundle (Prometheus scrape jobs and blackbox probes, SLO and absent rules with a
 * `promtool test rules` case for every alert, Alertmanager routes with routing tests, Grafana
 * dashboards, runbooks), validates it with the formats' own tools, and for `prometheus_grafana`
 * applies it to the stack (after an approval when the request names approvers) and verifies it.
 */
export const MonitoringSetupRequest = z.object({
  kind: z.literal('monitoring_setup'),
  idempotency_key: z.string().min(8, 'use at least 8 characters').max(200),
  requested_by: z.string().min(1).default('unknown'),
  /** Names the run, the bundle and its notifications. */
  name: AppName,
  infrastructure_inventory: InfrastructureInventory,
  monitoring_stack: MonitoringStack,
  alerting_channels: z.array(AlertingChannel).min(1, 'name at least one alerting channel: alerts that reach nobody are not monitoring'),
  routing: z
    .object({
      teams: z.array(TeamRoute).default([]),
      /** Channels for teams without a route; default: every channel. */
      default_channels: z.array(AppName).min(1).optional(),
    })
    .default(() => ({ teams: [] })),
  sla_requirements: SlaRequirements.default(() => SlaRequirements.parse({})),
  delivery: AlertDelivery.default('jetway'),
  timing: MonitoringTiming.default(() => MonitoringTiming.parse({})),
  approval: ApprovalPolicy.default(() => ApprovalPolicy.parse({})),
  notifications: NotificationPolicy.default(() => NotificationPolicy.parse({})),
  deadlines: MonitoringSetupDeadlines,
}).superRefine((request, ctx) => {
  for (const problem of crossFieldProblems(request)) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message, input: undefined });
});
export type MonitoringSetupRequest = z.infer<typeof MonitoringSetupRequest>;

/** Every inventory item with the group it was listed under. */
export function inventoryItems(inventory: InfrastructureInventory): Array<InventoryItem & { group: keyof InfrastructureInventory }> {
  return (['servers', 'containers', 'serverless', 'databases'] as const).flatMap((group) => inventory[group].map((item) => ({ ...item, group })));
}

type Problem = { path: (string | number)[]; message: string };

/** What no single field can see: an item with nothing to watch, names that repeat, routes to channels that do not exist. */
function crossFieldProblems(request: Pick<MonitoringSetupRequest, 'infrastructure_inventory' | 'alerting_channels' | 'routing'>): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const group of ['servers', 'containers', 'serverless', 'databases'] as const) {
    request.infrastructure_inventory[group].forEach((item, i) => {
      const path = ['infrastructure_inventory', group, i];
      if (item.targets.length === 0 && item.probes.length === 0) {
        problems.push({ path: [...path, 'targets'], message: `${item.name} has nothing to watch: give its scrape targets (host:port) or probe URLs` });
      }
      if (seen.has(item.name)) problems.push({ path: [...path, 'name'], message: `${item.name} is listed twice in the inventory: names must be unique (they name scrape jobs and alerts)` });
      seen.add(item.name);
    });
  }
  if (inventoryItems(request.infrastructure_inventory).length === 0) {
    problems.push({ path: ['infrastructure_inventory'], message: 'is empty: list at least one server, container, serverless function or database' });
  }
  const channels = new Set<string>();
  request.alerting_channels.forEach((channel, i) => {
    if (channels.has(channel.name)) problems.push({ path: ['alerting_channels', i, 'name'], message: `${channel.name} is used twice: channel names must be unique` });
    channels.add(channel.name);
  });
  const known = [...channels].join(', ');
  const unknown = (name: string) => !channels.has(name);
  request.routing.teams.forEach((route, i) => {
    route.channels.forEach((name, j) => {
      if (unknown(name)) problems.push({ path: ['routing', 'teams', i, 'channels', j], message: `team ${route.team} is routed to channel "${name}", which alerting_channels does not define (defined: ${known})` });
    });
  });
  (request.routing.default_channels ?? []).forEach((name, j) => {
    if (unknown(name)) problems.push({ path: ['routing', 'default_channels', j], message: `channel "${name}" is not defined in alerting_channels (defined: ${known})` });
  });
  return problems;
}
