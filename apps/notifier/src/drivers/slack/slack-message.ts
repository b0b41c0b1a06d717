import type { SlackIntent } from '../../use-cases';

/** The incoming-webhook payload: `text` is the fallback for notifications and screen readers. */
export interface SlackPayload {
  readonly text: string;
  readonly blocks: readonly Record<string, unknown>[];
}

const HEADER_LIMIT = 150;
const FIELD_LIMIT = 2000;
const OUTCOME_LABEL = { succeeded: 'succeeded', failed: 'failed', rejected: 'rejected', rolled_back: 'rolled back' };

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

/** Block Kit: a header, the facts as section fields, the URLs, and the trace id as context. */
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
  const blocks = [
    { type: 'header', text: { type: 'plain_text', text: clip(intent.title, HEADER_LIMIT), emoji: true } },
    { type: 'section', fields },
    ...(links.length > 0 ? [{ type: 'section', text: { type: 'mrkdwn', text: `*URLs* ${links.join(' · ')}` } }] : []),
    { type: 'context', elements: [{ type: 'mrkdwn', text: `Jetway · trace ${intent.traceId ?? 'unknown'}` }] },
  ];
  const reason = intent.reason ? `: ${intent.reason}` : '';
  return { text: clip(`${intent.title} (run ${intent.runId})${reason}`, 3000), blocks };
}
