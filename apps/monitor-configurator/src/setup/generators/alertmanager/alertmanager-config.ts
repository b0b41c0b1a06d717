import type { AlertingChannel } from '@jetway/contracts';
import type { SetupInput, SetupUrls } from '../../bundle.types';
import { INHIBITING_ALERTS, type Owner, type Receiver, TICKET_TWINS, type TimerSeconds, TIMERS, duration, owners, receiverFor, receivers, scaledTimers } from './routing-policy';

/** Alerts of one service are grouped per alert, so one notification says one thing. */
export const GROUP_BY = ['alertname', 'service', 'setup'] as const;

/** One node of Alertmanager's routing tree, as written to alertmanager.yml. */
export interface RouteNode {
  receiver: string;
  matchers?: string[];
  group_by?: string[];
  group_wait: string;
  group_interval: string;
  repeat_interval: string;
  routes?: RouteNode[];
}

export interface InhibitRule {
  source_matchers: string[];
  target_matchers: string[];
  equal: string[];
}

export type ReceiverConfig = { name: string } & Record<string, unknown>;

export interface AlertmanagerConfig {
  route: RouteNode;
  inhibit_rules: InhibitRule[];
  receivers: ReceiverConfig[];
}

/** `label="value"` as Alertmanager parses a matcher (a double-quoted, backslash-escaped value). */
export function matcher(label: string, value: string, op: '=' | '=~' | '!~' = '='): string {
  return `${label}${op}${JSON.stringify(value)}`;
}

/** The whole configuration as data: the routing tree, the inhibition rules, the receivers. */
export function alertmanagerConfig(input: SetupInput, urls: SetupUrls): AlertmanagerConfig {
  return { route: routingTree(input), inhibit_rules: inhibitRules(), receivers: receivers(input).map((r) => receiverConfig(r, input, urls)) };
}

/**
 * The root takes the default owner's tickets; under it, first one node per team with a route
 * (matching its `team` label), then the default owner's tier 3 and page routes. Within an
 * owner, the first match wins: tier 3 (any severity) → `-tier3`; a tier 1 page → `-page` with the
 * fastest timers; any other page → `-page`; everything else stays at the owner's `-ticket`.
 */
export function routingTree(input: SetupInput): RouteNode {
  const timers = (t: TimerSeconds) => {
    const s = scaledTimers(t, input.timing.evaluation_interval_seconds);
    return { group_wait: duration(s.wait), group_interval: duration(s.interval), repeat_interval: duration(s.repeat) };
  };
  const children = (owner: Owner): RouteNode[] => [
    { matchers: [matcher('tier', 'tier_3_standard')], receiver: receiverFor(owner, 'tier3').name, ...timers(TIMERS.ticket) },
    { matchers: [matcher('severity', 'page'), matcher('tier', 'tier_1_critical')], receiver: receiverFor(owner, 'page').name, ...timers(TIMERS.criticalPage) },
    { matchers: [matcher('severity', 'page')], receiver: receiverFor(owner, 'page').name, ...timers(TIMERS.page) },
  ];
  const all = owners(input);
  const fallback = all[all.length - 1] as Owner;
  const teams = all
    .filter((owner) => owner.team !== undefined)
    .map((owner): RouteNode => ({ matchers: [matcher('team', owner.team as string)], receiver: receiverFor(owner, 'ticket').name, ...timers(TIMERS.ticket), routes: children(owner) }));
  return { receiver: receiverFor(fallback, 'ticket').name, group_by: [...GROUP_BY], ...timers(TIMERS.ticket), routes: [...teams, ...children(fallback)] };
}

/**
 * A page inhibits the ticket of the same alert on the same service (same name, or a listed twin);
 * a service's TargetDown or MetricsAbsent inhibits its other alerts (they say less than "it
 * cannot be observed").
 */
export function inhibitRules(): InhibitRule[] {
  const unobservable = INHIBITING_ALERTS.join('|');
  return [
    { source_matchers: [matcher('severity', 'page')], target_matchers: [matcher('severity', 'ticket')], equal: ['alertname', 'service', 'setup'] },
    ...TICKET_TWINS.map((twin) => ({ source_matchers: [matcher('alertname', twin.page)], target_matchers: [matcher('alertname', twin.ticket)], equal: ['service', 'setup'] })),
    { source_matchers: [matcher('alertname', unobservable, '=~')], target_matchers: [matcher('alertname', unobservable, '!~')], equal: ['service', 'setup'] },
  ];
}

function receiverConfig(receiver: Receiver, input: SetupInput, urls: SetupUrls): ReceiverConfig {
  if (input.delivery === 'jetway') {
    // Every receiver posts to Jetway's ingress, which reads receivers.json to know its channels.
    return { name: receiver.name, webhook_configs: [{ url: `${urls.alertIngress.replace(/\/+$/, '')}/${receiver.name}`, send_resolved: true }] };
  }
  return nativeReceiver(receiver);
}

/** PagerDuty accepts only critical/error/warning/info: a page is critical, anything else a warning. */
function pagerdutySeverity(receiver: Receiver): string {
  return receiver.cls === 'page' ? 'critical' : 'warning';
}

/**
 * Alertmanager's own integrations, one list per type; a receiver with no channels has none
 * (Alertmanager accepts it and notifies nobody: the routing tests show which alerts those are).
 */
function nativeReceiver(receiver: Receiver): ReceiverConfig {
  const of = <T extends AlertingChannel['type']>(type: T) => receiver.channels.filter((c): c is Extract<AlertingChannel, { type: T }> => c.type === type);
  const lists: Record<string, unknown[]> = {
    slack_configs: of('slack').map((c) => ({ api_url_file: c.config.api_url_file, channel: c.config.channel, send_resolved: true })),
    pagerduty_configs: of('pagerduty').map((c) => ({ routing_key_file: c.config.routing_key_file, severity: pagerdutySeverity(receiver), send_resolved: true })),
    email_configs: of('email').map((c) => ({
      to: c.config.to,
      from: c.config.from,
      smarthost: c.config.smarthost,
      // SMTP authentication needs a user name; the request has none, so the sender is the account.
      ...(c.config.auth_password_file ? { auth_username: c.config.from, auth_password_file: c.config.auth_password_file } : {}),
      send_resolved: true,
    })),
    webhook_configs: [...of('webhook').map((c) => ({ url: c.config.url, send_resolved: true })), ...of('sms').map((c) => ({ url: smsUrl(c.config), send_resolved: true }))],
  };
  return { name: receiver.name, ...Object.fromEntries(Object.entries(lists).filter(([, list]) => list.length > 0)) };
}

/** Alertmanager's webhook body cannot carry the number to text, so the gateway gets it as `?to=`. */
export function smsUrl(config: { gateway_url: string; to: string }): string {
  const url = new URL(config.gateway_url);
  url.searchParams.set('to', config.to);
  return url.toString();
}
