import type { AlertingChannel, IncidentEvent } from '@jetway/contracts';
import { PermanentError, TransientError } from '@jetway/messaging';
import { deliverEach, idempotencyKeyFor, type Delivery, type EffectGuard } from '../use-cases';
import type { IncidentChannels } from './incident-channels';
import { incidentEventId, type DeliverableChannel, type IncidentPhase, type IncidentTarget, type OwnChannel } from './incident-notice';
import { ownChannelsFor } from './own-channels';

export interface IncidentDeps {
  readonly channels: IncidentChannels;
  readonly guard: EffectGuard;
  /** Told of each channel Jetway does not deliver to (email, SMS): one warning line each. */
  readonly notDelivered: (line: string, fields: Record<string, unknown>) => void;
  /** The notifier's own channels that are configured: an incident without channels goes to them (none by default). */
  readonly own?: readonly OwnChannel[];
  /** Told of an incident that reached nobody, as run notifications are logged when no channel is configured (default: `notDelivered`). */
  readonly reachedNobody?: (line: string, fields: Record<string, unknown>) => void;
}

export interface IncidentDelivery extends Delivery {
  /** Channels Jetway does not deliver to, by name: Alertmanager's own receivers send those. */
  readonly notDelivered: readonly string[];
}

const deliverable = (channel: AlertingChannel): channel is DeliverableChannel => channel.type === 'slack' || channel.type === 'pagerduty' || channel.type === 'webhook';

/**
 * An alert fired or resolved: tell each channel of its receiver, each at most once. One claim
 * per event records each channel's send by (event, channel): an Alertmanager repeat, a
 * redelivery or a republished copy finds them done and sends nothing; a retry after a failed
 * channel sends only what did not go out. Email and SMS are Alertmanager's to send (`delivery: alertmanager`): said, not skipped silently.
 * An incident without channels (its receiver stands for none) goes to the notifier's own channels;
 * when none of them takes it, one log line says it reached nobody.
 */
export async function deliverIncident(incident: IncidentEvent, phase: IncidentPhase, time: string, deps: IncidentDeps): Promise<IncidentDelivery> {
  const notice = { incident, phase, eventId: incidentEventId(incident, phase), time };
  const notDelivered = incident.channels.filter((c) => !deliverable(c));
  for (const channel of notDelivered) {
    deps.notDelivered(`incident not delivered by Jetway to ${channel.type} channel "${channel.name}": Jetway sends Slack, PagerDuty and webhooks only; Alertmanager's own ${channel.type} receiver must send it`, {
      channel: channel.name,
      type: channel.type,
      alertname: incident.alertname,
      fingerprint: incident.fingerprint,
      phase,
    });
  }
  const targets: IncidentTarget[] = incident.channels.length > 0 ? incident.channels.filter(deliverable) : ownTargets(incident, phase, deps);
  const sends = targets.map((channel) => {
    const key = idempotencyKeyFor(notice.eventId, channel.type, channel.name);
    return { key, send: () => deps.channels.deliver(channel, notice, key).catch((error: unknown) => Promise.reject(named(channel, error))) };
  });
  const delivery = await deliverEach(deps.guard, idempotencyKeyFor(notice.eventId), sends, 'incident deliveries');
  return { ...delivery, notDelivered: notDelivered.map((c) => c.name) };
}

/** The notifier's own channels an incident without channels goes to; none said in one log line. */
function ownTargets(incident: IncidentEvent, phase: IncidentPhase, deps: IncidentDeps): OwnChannel[] {
  const targets = ownChannelsFor(incident, deps.own ?? []);
  if (targets.length === 0) {
    const line =
      `incident reached nobody: receiver "${incident.receiver}" of setup "${incident.setup}" stands for no channel, and the notifier has none of its own for it ` +
      '(set JETWAY_SLACK_WEBHOOK_URL, and JETWAY_PAGERDUTY_ROUTING_KEY for pages outside tier 3)';
    (deps.reachedNobody ?? deps.notDelivered)(line, { configured: false, alertname: incident.alertname, fingerprint: incident.fingerprint, setup: incident.setup, severity: incident.severity, phase });
  }
  return targets;
}

/** The same failure, saying which channel. */
function named(channel: IncidentTarget, error: unknown): Error {
  const message = `channel "${channel.name}" (${channel.type}): ${error instanceof Error ? error.message : String(error)}`;
  if (error instanceof PermanentError) return new PermanentError(message, { cause: error });
  return new TransientError(message, { cause: error, retryAfterMs: error instanceof TransientError ? error.retryAfterMs : undefined });
}
