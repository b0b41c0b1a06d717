import { v1 } from '@datadog/datadog-api-client';
import type { AlertingChannel } from '@jetway/contracts';
import type { BundleFile, SetupInput } from '../../bundle.types';
import { alertIntents, generateOnlyReadme, thresholds } from './alert-intents';
import type { AlertIntent, Thresholds } from './alert-intents';

// Datadog monitors (the body of `POST /api/v1/monitor`, one file each): availability from the
// OpenMetrics check's and the HTTP check's service checks, p99 latency and error rate from APM's
// trace metrics. Notification handles name the routed channels (`@slack-…`, `@pagerduty-…`).

export const DATADOG_DIR = 'datadog';
export const datadogMonitorPath = (id: string) => `${DATADOG_DIR}/monitors/${id}.json`;

/** A monitor in the API's wire form (snake_case), typed by the Datadog client's own model. */
type MonitorBody = Pick<v1.Monitor, 'name' | 'query' | 'message' | 'tags' | 'priority'> & {
  type: v1.MonitorType;
  options: { thresholds: { critical: number; warning?: number }; notify_no_data: boolean; no_data_timeframe?: number; renotify_interval: number; require_full_window: boolean; include_tags: boolean; evaluation_delay?: number };
};

export function datadogFiles(input: SetupInput): BundleFile[] {
  const t = thresholds(input);
  const monitors = alertIntents(input).map((intent) => ({ path: datadogMonitorPath(intent.id), content: `${JSON.stringify(monitor(intent, input.name, t), null, 2)}\n` }));
  const readme = generateOnlyReadme(
    'Datadog',
    ['POST each file under monitors/ to https://api.datadoghq.com/api/v1/monitor (or `POST /api/v1/monitor/validate` first).', 'The handles in each message (@slack-…, @pagerduty-…, @webhook-…) must exist in Datadog\'s integrations.'],
    'Each monitor was read by the Datadog API client\'s own model (@datadog/datadog-api-client, `ObjectSerializer` of `Monitor`): required fields, types, enum values, no unknown fields. The monitor query syntax itself is not checked: Datadog offers no offline parser for it.',
  );
  return [...monitors, { path: `${DATADOG_DIR}/README.md`, content: readme }];
}

function monitor(intent: AlertIntent, setup: string, t: Thresholds): MonitorBody {
  const { item } = intent;
  const tags = [`service:${item.name}`, `team:${item.team}`, `tier:${item.tier}`, `setup:${setup}`, `severity:${intent.severity}`, 'managed-by:jetway'];
  const base = { name: `[${setup}] ${intent.title}`, tags, priority: intent.severity === 'page' ? 1 : 3, message: message(intent) };
  const options = { notify_no_data: false, renotify_interval: intent.severity === 'page' ? 60 : 720, require_full_window: false, include_tags: true };
  if (intent.kind === 'availability') {
    // The HTTP check for probed URLs, the OpenMetrics check for scraped targets.
    const check = item.probes.length > 0 && item.targets.length === 0 ? 'http.can_connect' : 'openmetrics.health';
    return { ...base, type: 'service check', query: `"${check}".over("service:${item.name}").by("instance").last(3).count_by_status()`, options: { ...options, thresholds: { critical: 2, warning: 1 }, notify_no_data: true, no_data_timeframe: 10 } };
  }
  if (intent.kind === 'latency') {
    return { ...base, type: 'query alert', query: `percentile(last_5m):p99:trace.http.request{service:${item.name}} > ${t.latencySeconds}`, options: { ...options, thresholds: { critical: t.latencySeconds }, evaluation_delay: 60 } };
  }
  const ratio = `sum:trace.http.request.errors{service:${item.name}}.as_count() / sum:trace.http.request.hits{service:${item.name}}.as_count() * 100`;
  return { ...base, type: 'query alert', query: `sum(last_5m):${ratio} > ${t.errorPercent}`, options: { ...options, thresholds: { critical: t.errorPercent }, evaluation_delay: 60 } };
}

function message(intent: AlertIntent): string {
  const handles = intent.channels.map(handle).join(' ');
  const who = handles || '(no channel takes this severity: routed to nobody)';
  return [`{{#is_alert}}${intent.title} ({{value}}).{{/is_alert}}`, `{{#is_recovery}}${intent.item.name} recovered.{{/is_recovery}}`, `Team ${intent.item.team}, ${intent.item.tier}, ${intent.severity}.`, who].join('\n');
}

/** Datadog's notification handle for a channel, as its integrations name them. */
export function handle(channel: AlertingChannel): string {
  switch (channel.type) {
    case 'slack':
      return `@slack-${channel.config.channel.slice(1)}`;
    case 'pagerduty':
      return `@pagerduty-${channel.name}`;
    case 'email':
      return `@${channel.config.to}`;
    case 'webhook':
    case 'sms':
      // Datadog has no SMS integration: the gateway is a webhook named after the channel.
      return `@webhook-${channel.name}`;
  }
}
