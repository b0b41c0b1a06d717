import type { AlertingChannel, IncidentEvent } from '@jetway/contracts';
import type { AlertmanagerWebhook, WebhookAlert } from './alertmanager-webhook.schema';

export type IncidentSubject = 'jetway.incident.detected.v1' | 'jetway.incident.resolved.v1';

/** One event to publish for one alert of a notification. */
export interface IncidentMessage {
  readonly subject: IncidentSubject;
  /** `<fingerprint>-<startsAt>-<status>`: the same alert in the same state always has the same id. */
  readonly id: string;
  readonly event: IncidentEvent;
}

/** Where the alert came from and whom its receiver stands for. */
export interface IncidentOrigin {
  readonly setup: string;
  readonly receiver: string;
  readonly channels: readonly AlertingChannel[];
}

/** Alertmanager's "not set" for a time (Go's zero `time.Time`). */
const GO_ZERO_TIME = /^0001-01-01T00:00:00(\.0+)?Z$/;

/**
 * The message id of an alert in a state. Alertmanager re-sends a whole group every
 * `group_interval`/`repeat_interval` and retries a timed-out POST: each repeat maps to the same id,
 * so JetStream's duplicate window drops copies, and the notifier's claims (keyed by this id)
 * drop the ones that arrive later.
 */
export function incidentMessageId(alert: Pick<WebhookAlert, 'fingerprint' | 'startsAt' | 'status'>): string {
  return `${alert.fingerprint}-${alert.startsAt}-${alert.status}`;
}

/** One event per alert: firing → `incident.detected`, resolved → `incident.resolved`. Pure. */
export function toIncidentMessages(payload: AlertmanagerWebhook, origin: IncidentOrigin): IncidentMessage[] {
  return payload.alerts.map((alert) => ({
    subject: alert.status === 'firing' ? 'jetway.incident.detected.v1' : 'jetway.incident.resolved.v1',
    id: incidentMessageId(alert),
    event: toIncidentEvent(alert, origin),
  }));
}

function toIncidentEvent(alert: WebhookAlert, origin: IncidentOrigin): IncidentEvent {
  const { alertname, severity, service } = alert.labels;
  // A firing alert's endsAt is only Alertmanager's resolve timeout: an end is a fact once resolved.
  const ended = alert.status === 'resolved' && !GO_ZERO_TIME.test(alert.endsAt);
  return {
    fingerprint: alert.fingerprint,
    setup: origin.setup,
    alertname,
    severity,
    ...(service !== undefined && service !== '' && { service }),
    labels: alert.labels,
    annotations: alert.annotations,
    starts_at: alert.startsAt,
    ...(ended && { ends_at: alert.endsAt }),
    ...(alert.generatorURL !== '' && { generator_url: alert.generatorURL }),
    receiver: origin.receiver,
    channels: [...origin.channels],
  };
}
