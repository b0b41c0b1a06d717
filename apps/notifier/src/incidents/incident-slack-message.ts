import type { SlackPayload } from '../drivers';
import { incidentLinks, summaryOf, type IncidentNotice } from './incident-notice';

const HEADER_LIMIT = 150;
const FIELD_LIMIT = 2000;
const SECTION_LIMIT = 3000;

/** Slack mrkdwn treats &, < and > as control characters. */
function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

function field(label: string, value: string): Record<string, string> {
  return { type: 'mrkdwn', text: clip(`*${label}*\n${escape(value)}`, FIELD_LIMIT) };
}

/** `🔥 ShopDown firing (page) on shop` / `✅ ShopDown resolved on shop`. */
function titleOf({ incident, phase }: IncidentNotice): string {
  const where = incident.service ? ` on ${incident.service}` : '';
  return phase === 'detected' ? `🔥 ${incident.alertname} firing (${incident.severity})${where}` : `✅ ${incident.alertname} resolved${where}`;
}

/**
 * One Block Kit message per alert and phase: a header, what the alert says, the facts as fields
 * (severity, service, team, setup, since / resolved at), links to the runbook, the dashboard and
 * Prometheus, and the fingerprint as context. `text` is the fallback for notifications.
 */
export function toIncidentSlackPayload(notice: IncidentNotice): SlackPayload {
  const { incident, phase } = notice;
  const title = titleOf(notice);
  const summary = summaryOf(incident);
  const description = incident.annotations['description'];
  const fields = [
    field('Severity', incident.severity),
    field('Service', incident.service ?? '—'),
    ...(incident.labels['team'] ? [field('Team', incident.labels['team'])] : []),
    field('Setup', incident.setup),
    field('Since', incident.starts_at),
    ...(phase === 'resolved' ? [field('Resolved', incident.ends_at ?? 'now')] : []),
  ];
  const text = description && description !== summary ? `${escape(summary)}\n${escape(description)}` : escape(summary);
  const links = incidentLinks(incident).map((link) => `<${link.href}|${link.text}>`);
  const blocks = [
    { type: 'header', text: { type: 'plain_text', text: clip(title, HEADER_LIMIT), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: clip(text, SECTION_LIMIT) } },
    { type: 'section', fields },
    ...(links.length > 0 ? [{ type: 'section', text: { type: 'mrkdwn', text: links.join(' · ') } }] : []),
    { type: 'context', elements: [{ type: 'mrkdwn', text: `Jetway · alert ${incident.fingerprint} · receiver ${escape(incident.receiver)}` }] },
  ];
  return { text: clip(`${title}: ${summary}`, SECTION_LIMIT), blocks };
}
