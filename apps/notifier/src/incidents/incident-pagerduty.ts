import type { PagerDutyIntent, PagerDutySeverity } from '../use-cases';
import { incidentLinks, summaryOf, type IncidentNotice } from './incident-notice';

const SUMMARY_LIMIT = 1024;
const PAGERDUTY_SEVERITIES: readonly string[] = ['critical', 'error', 'warning', 'info'];

/** Jetway's `page` wakes someone (critical), `ticket` can wait (warning); PagerDuty's own words pass. */
export function pagerDutySeverityOf(severity: string): PagerDutySeverity {
  if (severity === 'page') return 'critical';
  if (severity === 'ticket') return 'warning';
  return PAGERDUTY_SEVERITIES.includes(severity) ? (severity as PagerDutySeverity) : 'error';
}

/**
 * One Events API v2 action per alert: `trigger` when it fires, `resolve` when it resolves, both
 * with `dedup_key` = the alert's fingerprint — one PagerDuty incident per alert, closed by its own
 * key (Alertmanager's repeats add nothing to an open incident).
 */
export function toIncidentPagerDutyIntent(notice: IncidentNotice, idempotencyKey: string): PagerDutyIntent {
  const { incident, phase } = notice;
  const subject = incident.service ?? incident.setup;
  return {
    channel: 'pagerduty',
    idempotencyKey,
    action: phase === 'detected' ? 'trigger' : 'resolve',
    dedupKey: incident.fingerprint,
    summary: `${incident.alertname} on ${subject}: ${summaryOf(incident)}`.slice(0, SUMMARY_LIMIT),
    source: incident.labels['instance'] ?? subject,
    severity: pagerDutySeverityOf(incident.severity),
    component: subject,
    group: incident.setup,
    class: incident.alertname,
    customDetails: {
      labels: incident.labels,
      annotations: incident.annotations,
      starts_at: incident.starts_at,
      receiver: incident.receiver,
      ...(incident.ends_at !== undefined && { ends_at: incident.ends_at }),
    },
    links: incidentLinks(incident),
  };
}
