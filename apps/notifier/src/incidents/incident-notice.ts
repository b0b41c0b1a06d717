import type { AlertingChannel, IncidentEvent } from '@jetway/contracts';

/** Which way the alert went: `detected` (firing) or `resolved`. */
export type IncidentPhase = 'detected' | 'resolved';

/** The channels Jetway delivers to itself; email and SMS are Alertmanager's (see `deliverIncident`). */
export type DeliverableChannel = Extract<AlertingChannel, { type: 'slack' | 'pagerduty' | 'webhook' }>;

/**
 * One of the notifier's own channels (its JETWAY_SLACK_WEBHOOK_URL, its JETWAY_PAGERDUTY_ROUTING_KEY):
 * where an incident goes whose receiver stands for no channel — a setup without channels, such as
 * the deployment pipeline's monitor step makes. Its secret stays in the notifier's configuration.
 */
export interface OwnChannel {
  readonly type: 'slack' | 'pagerduty';
  readonly name: 'jetway-slack' | 'jetway-pagerduty';
  readonly own: true;
}

/** Where one incident notice is delivered: a channel of the setup, or one of the notifier's own. */
export type IncidentTarget = DeliverableChannel | OwnChannel;

/** One incident event as the notifier handles it. */
export interface IncidentNotice {
  readonly incident: IncidentEvent;
  readonly phase: IncidentPhase;
  /** `<fingerprint>-<starts_at>-<firing|resolved>`: the ingress's message id, derived from the event itself. */
  readonly eventId: string;
  /** The event's `ce-time`. */
  readonly time: string;
}

/**
 * The id of what happened, from the payload (as the ingress derives its message id): a copy
 * republished under another message id still maps to the same claims and posts nothing twice.
 */
export function incidentEventId(incident: Pick<IncidentEvent, 'fingerprint' | 'starts_at'>, phase: IncidentPhase): string {
  return `${incident.fingerprint}-${incident.starts_at}-${phase === 'detected' ? 'firing' : 'resolved'}`;
}

/** The annotation's value when it is an http(s) URL (links must be; anything else is left out). */
export function urlAnnotation(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Runbook, dashboard and the Prometheus graph of the alert, those that are URLs. */
export function incidentLinks(incident: IncidentEvent): { href: string; text: string }[] {
  const candidates: [string | undefined, string][] = [
    [incident.annotations['runbook_url'], 'Runbook'],
    [incident.annotations['dashboard_url'], 'Dashboard'],
    [incident.generator_url, 'Prometheus'],
  ];
  return candidates.flatMap(([value, text]) => {
    const href = urlAnnotation(value);
    return href ? [{ href, text }] : [];
  });
}

/** What the alert says, in one line: its summary, else its description, else its name. */
export function summaryOf(incident: IncidentEvent): string {
  return incident.annotations['summary'] ?? incident.annotations['description'] ?? incident.alertname;
}
