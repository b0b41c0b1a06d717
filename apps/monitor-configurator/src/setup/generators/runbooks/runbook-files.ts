import { type AlertingChannel, inventoryItems } from '@jetway/contracts';
import { type AlertSpec, BUNDLE_LAYOUT, type BundleFile, type SetupInput, type SetupUrls } from '../../bundle.types';
import { NOTIFIER_CHANNEL_TEXT, TIER_RULES, routeOf } from '../alertmanager/routing-policy';
import { type Html, el, page } from './html';

/** The index of a setup's runbooks, beside the per-service folders. */
export const RUNBOOK_INDEX = 'runbooks/index.html';

/**
 * One page per alert at `BUNDLE_LAYOUT.runbook(service, alertname)`, and an index. Rules sharing
 * a service and alert name (a page and a ticket variant of one alert) share a page: the first
 * one's words, every variant's expression, `for:` and routing.
 */
export function runbookFiles(alerts: readonly AlertSpec[], input: SetupInput, urls: SetupUrls): BundleFile[] {
  const pages = new Map<string, AlertSpec[]>();
  for (const alert of alerts) {
    const path = BUNDLE_LAYOUT.runbook(alert.service, alert.alertname);
    pages.set(path, [...(pages.get(path) ?? []), alert]);
  }
  const files = [...pages].map(([path, variants]) => ({ path, content: runbookPage(variants as [AlertSpec, ...AlertSpec[]], input, urls) }));
  return [...files, { path: RUNBOOK_INDEX, content: indexPage([...pages.values()] as Array<[AlertSpec, ...AlertSpec[]]>, input) }];
}

function dashboardUrl(urls: SetupUrls, uid: string): string {
  return `${urls.grafana.replace(/\/+$/, '')}/d/${encodeURIComponent(uid)}`;
}

function runbookPage(variants: readonly [AlertSpec, ...AlertSpec[]], input: SetupInput, urls: SetupUrls): string {
  const [alert] = variants;
  const dashboard = dashboardUrl(urls, alert.dashboardUid);
  return page(
    `${alert.alertname} — ${alert.service}`,
    el('p', {}, el('a', { href: '../index.html' }, `Runbooks of ${input.name}`)),
    el('h1', {}, alert.alertname, ' ', el('small', {}, `on ${alert.service}`)),
    el('p', {}, el('strong', {}, alert.summary)),
    el('section', { id: 'meaning' }, el('h2', {}, 'What it means'), el('p', {}, alert.meaning)),
    el('section', { id: 'check' }, el('h2', {}, 'How to check'), steps(alert.check)),
    el('section', { id: 'mitigate' }, el('h2', {}, 'How to mitigate'), steps(alert.mitigate)),
    el('section', { id: 'dashboard' }, el('h2', {}, 'Dashboard'), el('p', {}, el('a', { href: dashboard }, dashboard))),
    el('section', { id: 'rule' }, el('h2', {}, 'The rule'), variants.map(rule)),
    el('section', { id: 'routing' }, el('h2', {}, 'Who gets it'), routing(variants, input)),
  );
}

function steps(list: readonly string[]): Html {
  return list.length > 0 ? el('ol', {}, list.map((step) => el('li', {}, step))) : el('p', {}, 'No steps written for this alert.');
}

function severity(value: string): Html {
  return el('span', { class: value }, value);
}

function rule(alert: AlertSpec): Html {
  return el(
    'table',
    {},
    el('tr', {}, el('th', {}, 'severity'), el('td', {}, severity(alert.severity))),
    el('tr', {}, el('th', {}, 'summary'), el('td', {}, alert.summary)),
    el('tr', {}, el('th', {}, 'expression'), el('td', {}, el('pre', {}, el('code', {}, alert.expr)))),
    el('tr', {}, el('th', {}, 'for'), el('td', {}, alert.for ? el('code', {}, alert.for) : 'fires on the first evaluation that matches')),
  );
}

/** A channel as the on-call reads it, without its secrets. */
function describe(channel: AlertingChannel): string {
  switch (channel.type) {
    case 'slack':
      return `${channel.name} (Slack ${channel.config.channel})`;
    case 'pagerduty':
      return `${channel.name} (PagerDuty)`;
    case 'webhook':
      return `${channel.name} (webhook to ${new URL(channel.config.url).host})`;
    case 'email':
      return `${channel.name} (email to ${channel.config.to})`;
    case 'sms':
      return `${channel.name} (SMS)`;
  }
}

/** Each variant's receiver and channels, by the same policy the routing tree and its tests follow. */
function routing(variants: readonly AlertSpec[], input: SetupInput): Html[] {
  const item = inventoryItems(input.infrastructure_inventory).find((i) => i.name === variants[0]?.service);
  const who = item
    ? el('p', {}, `${item.name} belongs to team ${item.team}, ${item.tier}.`)
    : el('p', {}, `${variants[0]?.service ?? ''} is not in this setup's inventory: its alerts are routed by their team label, and reach the default channels without one.`);
  const rows = variants.map((alert) => {
    const receiver = routeOf(input, { team: item?.team ?? '', tier: item?.tier ?? '', severity: alert.severity });
    const nobody = input.delivery === 'jetway' ? NOTIFIER_CHANNEL_TEXT : 'nobody: no channel of this receiver takes this severity';
    const channels = receiver.channels.length > 0 ? receiver.channels.map(describe).join(', ') : nobody;
    return el('tr', {}, el('td', {}, severity(alert.severity)), el('td', {}, el('code', {}, receiver.name)), el('td', {}, channels));
  });
  const delivery =
    input.delivery === 'jetway' ? "Alertmanager posts each notification to Jetway's alert ingress, which delivers it to these channels." : "Alertmanager delivers to these channels with its own integrations.";
  return [
    who,
    el('table', {}, el('tr', {}, el('th', {}, 'severity'), el('th', {}, 'receiver'), el('th', {}, 'channels')), rows),
    el('p', {}, delivery),
    el('details', {}, el('summary', {}, 'Tier rules'), el('ul', {}, TIER_RULES.map((r) => el('li', {}, r)))),
  ];
}

function indexPage(pages: ReadonlyArray<readonly [AlertSpec, ...AlertSpec[]]>, input: SetupInput): string {
  const sorted = [...pages].sort(([a], [b]) => a.service.localeCompare(b.service) || a.alertname.localeCompare(b.alertname));
  const rows = sorted.map((variants) => {
    const [alert] = variants;
    // Relative to runbooks/index.html, as the page's own path is relative to runbooks/.
    const href = BUNDLE_LAYOUT.runbook(alert.service, alert.alertname).slice('runbooks/'.length);
    const severities = [...new Set(variants.map((v) => v.severity))];
    return el('tr', {}, el('td', {}, alert.service), el('td', {}, el('a', { href }, alert.alertname)), el('td', {}, severities.map((s, i) => [i > 0 && ', ', severity(s)])), el('td', {}, alert.summary));
  });
  return page(
    `Runbooks of ${input.name}`,
    el('h1', {}, `Runbooks of ${input.name}`),
    el('p', {}, `${pages.length} alerts, one page each.`),
    el('table', {}, el('tr', {}, el('th', {}, 'service'), el('th', {}, 'alert'), el('th', {}, 'severity'), el('th', {}, 'summary')), rows),
  );
}
