import type { estypes } from '@elastic/elasticsearch';
import type { AlertingChannel } from '@jetway/contracts';
import type { BundleFile, SetupInput } from '../../bundle.types';
import { alertIntents, generateOnlyReadme, thresholds } from './alert-intents';
import type { AlertIntent, Thresholds } from './alert-intents';

// Elasticsearch Watcher watches (the body of `PUT _watcher/watch/<id>`, one file each), over the
// Elastic Stack's standard data: Heartbeat for probed URLs, Metricbeat's Prometheus module for
// scraped targets, Elastic APM for latency and errors. Each routed channel becomes a Watcher
// action; Slack and PagerDuty accounts are Elasticsearch's (`xpack.notification.*`, keystore
// secrets), named after the channel.

export const ELK_DIR = 'elk';
export const elkWatchPath = (id: string) => `${ELK_DIR}/watches/${id}.json`;

const WINDOW = '5m';

export function elkFiles(input: SetupInput): BundleFile[] {
  const t = thresholds(input);
  const watches = alertIntents(input).map((intent) => ({ path: elkWatchPath(intent.id), content: `${JSON.stringify(watch(intent, input.name, t), null, 2)}\n` }));
  const readme = generateOnlyReadme(
    'the Elastic Stack (Watcher)',
    [
      'PUT each file under watches/ to `_watcher/watch/<file name without .json>`.',
      'Configure a Slack account and a PagerDuty account per channel under `xpack.notification.slack.account.<channel>` / `xpack.notification.pagerduty.account.<channel>` (secrets in the keystore), and an email account for email channels.',
    ],
    'Each watch was type-checked with the TypeScript compiler against `WatcherWatch` from @elastic/elasticsearch (its types are generated from the Elasticsearch specification): field names, required fields, enum values. Painless scripts, Mustache templates and the searched index patterns are not checked (that needs an Elasticsearch).',
  );
  return [...watches, { path: `${ELK_DIR}/README.md`, content: readme }];
}

export function watch(intent: AlertIntent, setup: string, t: Thresholds): estypes.WatcherWatch {
  return {
    metadata: { setup, service: intent.item.name, team: intent.item.team, tier: intent.item.tier, severity: intent.severity, managed_by: 'jetway' },
    trigger: { schedule: { interval: '1m' } },
    input: { search: { request: search(intent) } },
    condition: condition(intent, t),
    throttle_period: intent.severity === 'page' ? '1h' : '12h',
    actions: Object.fromEntries(intent.channels.map((channel) => [channel.name, action(channel, intent)])),
  };
}

function recent(): estypes.QueryDslQueryContainer {
  return { range: { '@timestamp': { gte: `now-${WINDOW}` } } };
}

function search(intent: AlertIntent): estypes.WatcherSearchInputRequestDefinition {
  const { item } = intent;
  if (intent.kind === 'availability') {
    const probesOnly = item.probes.length > 0 && item.targets.length === 0;
    const down: estypes.QueryDslQueryContainer = probesOnly
      ? { bool: { filter: [recent(), { terms: { 'url.full': [...item.probes] } }, { term: { 'monitor.status': 'down' } }] } }
      : { bool: { filter: [recent(), { term: { 'prometheus.labels.service': item.name } }, { term: { 'prometheus.metrics.up': 0 } }] } };
    return { indices: [probesOnly ? 'heartbeat-*' : 'metricbeat-*'], body: { size: 0, query: down } };
  }
  const transactions: estypes.QueryDslQueryContainer = { bool: { filter: [recent(), { term: { 'service.name': item.name } }, { term: { 'processor.event': 'transaction' } }] } };
  if (intent.kind === 'latency') {
    return { indices: ['traces-apm*'], body: { size: 0, query: transactions, aggs: { p99: { percentiles: { field: 'transaction.duration.us', percents: [99] } } } } };
  }
  return { indices: ['traces-apm*'], body: { size: 0, query: transactions, aggs: { failed: { filter: { term: { 'event.outcome': 'failure' } } } } } };
}

function condition(intent: AlertIntent, t: Thresholds): estypes.WatcherConditionContainer {
  if (intent.kind === 'availability') return { compare: { 'ctx.payload.hits.total': { gt: 0 } } };
  if (intent.kind === 'latency') {
    return { script: { source: "def p = ctx.payload.aggregations.p99.values['99.0']; return p != null && p > params.threshold_us", params: { threshold_us: Math.round(t.latencySeconds * 1_000_000) } } };
  }
  return {
    script: {
      source: 'def all = ctx.payload.hits.total; return all > 0 && ctx.payload.aggregations.failed.doc_count * 100.0 / all > params.threshold_percent',
      params: { threshold_percent: t.errorPercent },
    },
  };
}

function action(channel: AlertingChannel, intent: AlertIntent): estypes.WatcherAction {
  const text = `${intent.title} (team ${intent.item.team}, ${intent.item.tier}, ${intent.severity}) — watch {{ctx.watch_id}}`;
  switch (channel.type) {
    case 'slack':
      return { slack: { account: channel.name, message: { from: 'jetway', to: [channel.config.channel], text, attachments: [] } } };
    case 'pagerduty':
      return { pagerduty: { account: channel.name, description: text, event_type: 'trigger', incident_key: `{{ctx.watch_id}}`, attach_payload: false } };
    case 'email':
      return { email: { to: [channel.config.to], from: channel.config.from, subject: intent.title, body: { text } } };
    case 'webhook':
      return { webhook: { method: 'post', url: channel.config.url, headers: { 'Content-Type': 'application/json' }, body: '{{#toJson}}ctx{{/toJson}}' } };
    case 'sms':
      return { webhook: { method: 'post', url: channel.config.gateway_url, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ to: channel.config.to, text }) } };
  }
}
