import type { IncidentEvent } from '@jetway/contracts';
import type { OwnChannel } from './incident-notice';

/** The notifier's own destinations, from its configuration (secrets: never logged). */
export interface OwnChannelSecrets {
  readonly slackWebhookUrl?: string;
  readonly pagerDutyRoutingKey?: string;
}

export const OWN_SLACK: OwnChannel = { type: 'slack', name: 'jetway-slack', own: true };
export const OWN_PAGERDUTY: OwnChannel = { type: 'pagerduty', name: 'jetway-pagerduty', own: true };

/** The own channels that are configured. */
export function configuredOwnChannels(secrets: OwnChannelSecrets): OwnChannel[] {
  return [...(secrets.slackWebhookUrl ? [OWN_SLACK] : []), ...(secrets.pagerDutyRoutingKey ? [OWN_PAGERDUTY] : [])];
}

/**
 * Which of the configured own channels an incident without channels goes to: Slack whatever its
 * severity; PagerDuty only for a page outside tier 3 — a tier 3 alert (every environment but
 * production, for a release the monitor step watches) never pages, as the routing policy says.
 */
export function ownChannelsFor(incident: Pick<IncidentEvent, 'severity' | 'labels'>, configured: readonly OwnChannel[]): OwnChannel[] {
  const pages = incident.severity === 'page' && incident.labels['tier'] !== 'tier_3_standard';
  return configured.filter((channel) => channel.type === 'slack' || pages);
}
