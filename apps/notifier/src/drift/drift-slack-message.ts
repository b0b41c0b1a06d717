import type { SlackPayload } from '../drivers';
import { changesLine, remediationOf, type DriftNotice } from './drift-notice';

const HEADER_LIMIT = 150;
const SECTION_LIMIT = 3000;
/** Lines of changes listed in the message; the rest are counted. */
const LISTED = 20;

function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/** `🌊 Drift: orders in production (episode 2)` / `✅ orders in production is back in sync`. */
function titleOf({ drift, phase }: DriftNotice): string {
  return phase === 'detected' ? `🌊 Drift: ${drift.stack} in ${drift.environment} (episode ${drift.episode})` : `✅ ${drift.stack} in ${drift.environment} is back in sync`;
}

/**
 * One Block Kit message per stack, environment, episode and phase: what a plan of the applied
 * configuration would change now (address and action), the remediation, and the run whose
 * configuration the stack drifted from. `text` is the fallback for notifications.
 */
export function toDriftSlackPayload(notice: DriftNotice): SlackPayload {
  const { drift, phase } = notice;
  const title = titleOf(notice);
  const fields = [
    { type: 'mrkdwn', text: `*Stack*\n${escape(drift.stack)}` },
    { type: 'mrkdwn', text: `*Environment*\n${drift.environment}` },
    { type: 'mrkdwn', text: `*Applied by run*\n${drift.applied_by_run}` },
    { type: 'mrkdwn', text: `*Checked*\n${drift.checked_at}` },
  ];
  if (phase === 'resolved') {
    const text = `A plan of the applied configuration changes nothing again: drift episode ${drift.episode} is over.`;
    return {
      text: clip(`${title}: drift episode ${drift.episode} is over`, SECTION_LIMIT),
      blocks: [header(title), { type: 'section', text: { type: 'mrkdwn', text } }, { type: 'section', fields }, context(notice)],
    };
  }
  const listed = drift.changes.slice(0, LISTED).map((c) => `• \`${escape(c.address)}\` ${escape(c.action)}`);
  const more = drift.changes.length > LISTED ? [`… and ${drift.changes.length - LISTED} more`] : [];
  const changes = `*What a plan would change to restore the reviewed configuration:*\n${[...listed, ...more].join('\n')}`;
  return {
    text: clip(`${title}: ${changesLine(drift)}`, SECTION_LIMIT),
    blocks: [
      header(title),
      { type: 'section', text: { type: 'mrkdwn', text: clip(changes, SECTION_LIMIT) } },
      { type: 'section', text: { type: 'mrkdwn', text: clip(`*Remediation:* ${escape(remediationOf(drift))}`, SECTION_LIMIT) } },
      { type: 'section', fields },
      context(notice),
    ],
  };
}

function header(title: string): Record<string, unknown> {
  return { type: 'header', text: { type: 'plain_text', text: clip(title, HEADER_LIMIT), emoji: true } };
}

function context({ drift, eventId }: DriftNotice): Record<string, unknown> {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: `Jetway · drift episode ${drift.episode} of ${escape(drift.stack)}/${drift.environment} · ${eventId}` }] };
}
