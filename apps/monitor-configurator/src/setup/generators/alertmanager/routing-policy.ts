import type { AlertingChannel, Tier } from '@jetway/contracts';
import type { AlertSeverity, SetupInput } from '../../bundle.types';

/** The severities every inventory item's alerts come in (routing tests cover each). */
export const SEVERITIES: readonly AlertSeverity[] = ['page', 'ticket'];

/** Channel types that interrupt a person at any hour: a tier 3 alert never reaches them. */
export const PAGING_CHANNEL_TYPES: ReadonlySet<AlertingChannel['type']> = new Set(['pagerduty', 'sms']);

/**
 * Alerts saying a service cannot be observed at all (its targets down, its series absent). While
 * one fires, the service's other alerts are inhibited (they only repeat it). These are the names
 * the Prometheus generator gives them; adjust here if it renames them.
 */
export const INHIBITING_ALERTS: readonly string[] = ['TargetDown', 'MetricsAbsent'];

/**
 * Page alerts whose ticket twin has another name (the Prometheus generator's burn-rate pair):
 * while the page fires on a service, its ticket is inhibited there. Twins sharing one name are
 * covered by the severity rule without being listed.
 */
export const TICKET_TWINS: ReadonlyArray<{ readonly page: string; readonly ticket: string }> = [{ page: 'ErrorBudgetBurnFast', ticket: 'ErrorBudgetBurnSlow' }];

/**
 * The tier rules, as the generated alertmanager.yml's header comment and the runbook pages state them:
 * - tier_1_critical: `page` alerts reach the team's channels that take `page`, with the fastest timers
 *   (repeat every hour while unresolved); `ticket` alerts reach the channels that take `ticket`.
 * - tier_2_important: the same channels; pages repeat every 4 hours.
 * - tier_3_standard: never pages. Both severities reach the team's channels that take `ticket`,
 *   leaving out paging channels (pagerduty, sms) even when those take tickets.
 */
export const TIER_RULES: readonly string[] = [
  'tier_1_critical: page alerts go to the channels (of the team, else the default channels) that take "page", repeated hourly; ticket alerts to those that take "ticket".',
  'tier_2_important: as tier 1, with pages repeated every 4h.',
  'tier_3_standard: never pages: page and ticket alerts both go to the channels that take "ticket", without paging channels (pagerduty, sms).',
];

/**
 * The channel routing tests name for an alert whose receiver stands for no channel of the request
 * (a setup without channels, such as the deployment pipeline's monitor step makes): under
 * `delivery: jetway` Alertmanager still posts it to Jetway's alert ingress, and the notifier sends
 * an incident without channels to its own (not a channel name a request can use: `@` is not allowed there).
 */
export const NOTIFIER_CHANNEL = '@jetway-notifier';
export const NOTIFIER_CHANNEL_TEXT = "Jetway's notifier: its configured Slack webhook, and its PagerDuty routing key for a page outside tier 3";

/** Which of an owner's receivers an alert goes to: `tier3` is tier 3's page-less ticket receiver. */
export type ReceiverClass = 'page' | 'ticket' | 'tier3';
export const RECEIVER_CLASSES: readonly ReceiverClass[] = ['page', 'ticket', 'tier3'];

/** Whose channels an alert reaches: a team with a route in `routing.teams`, or the default. */
export interface Owner {
  /** `team-<team>` or `default`: the prefix of its receivers' names. */
  readonly name: string;
  /** The `team` label value this owner's route matches; absent for the default owner. */
  readonly team?: string;
  readonly channels: readonly AlertingChannel[];
}

/** One Alertmanager receiver and the channels it stands for (empty: the alert reaches nobody). */
export interface Receiver {
  readonly name: string;
  readonly owner: Owner;
  readonly cls: ReceiverClass;
  readonly channels: readonly AlertingChannel[];
}

/** What an alert carries that decides its route. */
export interface RouteLabels {
  readonly team: string;
  readonly tier: Tier | string;
  readonly severity: AlertSeverity | string;
}

type RoutingInput = Pick<SetupInput, 'alerting_channels' | 'routing'>;

function named(input: RoutingInput, names: readonly string[]): AlertingChannel[] {
  return input.alerting_channels.filter((channel) => names.includes(channel.name));
}

/** The owners with a route of their own (one per `routing.teams` entry), then the default. */
export function owners(input: RoutingInput): Owner[] {
  // A team listed twice (the request does not forbid it) reaches the channels of both entries.
  const byTeam = new Map<string, string[]>();
  for (const route of input.routing.teams) byTeam.set(route.team, [...(byTeam.get(route.team) ?? []), ...route.channels]);
  const teams = [...byTeam].map(([team, channels]) => ({ name: `team-${team}`, team, channels: named(input, channels) }));
  const defaults = input.routing.default_channels ? named(input, input.routing.default_channels) : input.alerting_channels;
  return [...teams, { name: 'default', channels: defaults }];
}

export function ownerOf(input: RoutingInput, team: string): Owner {
  const all = owners(input);
  return all.find((owner) => owner.team === team) ?? (all[all.length - 1] as Owner);
}

/** A tier 3 alert goes to `tier3` whatever its severity; otherwise pages page and the rest are tickets. */
export function receiverClass(labels: Pick<RouteLabels, 'tier' | 'severity'>): ReceiverClass {
  if (labels.tier === 'tier_3_standard') return 'tier3';
  return labels.severity === 'page' ? 'page' : 'ticket';
}

/** The channels of an owner one of its receivers stands for: those taking the severity, minus paging ones for tier 3. */
export function receiverFor(owner: Owner, cls: ReceiverClass): Receiver {
  const severity: AlertSeverity = cls === 'page' ? 'page' : 'ticket';
  const channels = owner.channels.filter((channel) => channel.severities.includes(severity) && !(cls === 'tier3' && PAGING_CHANNEL_TYPES.has(channel.type)));
  return { name: `${owner.name}-${cls}`, owner, cls, channels };
}

/** Every receiver of the config: each owner's page, ticket and tier3 receivers. */
export function receivers(input: RoutingInput): Receiver[] {
  return owners(input).flatMap((owner) => RECEIVER_CLASSES.map((cls) => receiverFor(owner, cls)));
}

/**
 * Where an alert goes, by the policy above: the plain statement of what the generated routing tree
 * does. The routing tests expect this; `amtool config routes test` checks the tree agrees.
 */
export function routeOf(input: RoutingInput, labels: RouteLabels): Receiver {
  return receiverFor(ownerOf(input, labels.team), receiverClass(labels));
}

/** Notification timers of one route, in seconds (group_wait ≤ group_interval ≤ repeat_interval). */
export interface TimerSeconds {
  readonly wait: number;
  readonly interval: number;
  readonly repeat: number;
}

/**
 * Production timers, for rules evaluated every 15 s. Tickets wait longer than pages so that a page
 * of the same alert (or a TargetDown) arrives first and inhibits them.
 */
export const TIMERS = {
  criticalPage: { wait: 10, interval: 60, repeat: 3600 },
  page: { wait: 30, interval: 300, repeat: 4 * 3600 },
  ticket: { wait: 60, interval: 600, repeat: 12 * 3600 },
} as const satisfies Record<string, TimerSeconds>;

const PRODUCTION_EVALUATION_SECONDS = 15;

/**
 * `group_wait` and `group_interval` shrink with a shorter evaluation interval (a test's setting),
 * so a test's alert is delivered in seconds; `repeat_interval` stays. The order is kept.
 */
export function scaledTimers(timers: TimerSeconds, evaluationSeconds: number): TimerSeconds {
  const scale = Math.min(1, evaluationSeconds / PRODUCTION_EVALUATION_SECONDS);
  const wait = Math.max(1, Math.round(timers.wait * scale));
  const interval = Math.max(wait, Math.round(timers.interval * scale));
  return { wait, interval, repeat: Math.max(interval, timers.repeat) };
}

/** Seconds as a Prometheus duration: 3600 → `1h`, 90 → `1m30s`. */
export function duration(seconds: number): string {
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of [['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) parts.push(`${Math.floor(rest / size)}${unit}`);
    rest %= size;
  }
  return parts.join('') || '0s';
}
