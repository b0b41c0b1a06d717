import type { SlackIntent } from '../../use-cases';

/** The incoming-webhook payload: `text` is the fallback for notifications and screen readers. */
export interface SlackPayload {
  readonly text: string;
  readonly blocks: readonly Record<string, unknown>[];
}

const HEADER_LIMIT = 150;
const FIELD_LIMIT = 2000;
const OUTCOME_LABEL = { succeeded: 'succeeded', failed: 'failed', rejected: 'rejected' };

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

/** What a rollback means for whoever reads the message: where, and that nothing is down. */
function rollbackNote(intent: SlackIntent): string | undefined {
  if (intent.rolledBack.length === 0) return undefined;
  return `Rolled back in ${intent.rolledBack.join(', ')}: the new release was undone and the previous release still serves.`;
}

/** Block Kit: a header, the facts as section fields, what happened in words, a rollback note, the URLs, and the trace id as context. */
export function toSlackPayload(intent: SlackIntent): SlackPayload {
  const environments = intent.environments.length > 0 ? intent.environments.join(', ') : '—';
  const fields = [
    field('Application', intent.application),
    field('Environment', environments),
    field('Outcome', OUTCOME_LABEL[intent.outcome]),
    field('Run id', intent.runId),
    ...(intent.reason ? [field('Reason', intent.reason)] : []),
  ];
  const links = Object.entries(intent.urls).map(([env, url]) => `<${url}|${escape(env)}>`);
  const note = rollbackNote(intent);
  const story = intent.details.map((line) => `• ${escape(line)}`).join('\n');
  const blocks = [
    { type: 'header', text: { type: 'plain_text', text: clip(intent.title, HEADER_LIMIT), emoji: true } },
    { type: 'section', fields },
    ...(story ? [{ type: 'section', text: { type: 'mrkdwn', text: clip(`*What happened*\n${story}`, 3000) } }] : []),
    ...(note ? [{ type: 'section', text: { type: 'mrkdwn', text: `↩️ ${escape(note)}` } }] : []),
    ...(links.length > 0 ? [{ type: 'section', text: { type: 'mrkdwn', text: `*URLs* ${links.join(' · ')}` } }] : []),
    { type: 'context', elements: [{ type: 'mrkdwn', text: `Jetway · trace ${intent.traceId ?? 'unknown'}` }] },
  ];
  const reason = intent.reason ? `: ${intent.reason}` : '';
  const details = intent.details.length > 0 ? `. ${intent.details.join('. ')}` : '';
  return { text: clip(`${intent.title} (run ${intent.runId})${reason}${details}${note ? `. ${note}` : ''}`, 3000), blocks };
}
