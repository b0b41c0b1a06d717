import type { ApprovalRequested, InfraPlanReview } from '@jetway/contracts';
import type { SlackPayload } from '../drivers';
import { approveCommand, requiredApprovalsOf, waitsFor, whereOf, type ApprovalNotice } from './approval-notice';
import { changeLines, countsLine, cutToFit } from './plan-lines';

const HEADER_LIMIT = 150;
/** Slack refuses a section whose text is longer. */
export const SECTION_LIMIT = 3000;
const FIELD_LIMIT = 2000;
const FENCE = '```';

type Block = Record<string, unknown>;

/** Slack mrkdwn treats &, < and > as control characters, in code blocks too. */
function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(text, SECTION_LIMIT) } };
}

function field(label: string, value: string): Block {
  return { type: 'mrkdwn', text: clip(`*${label}*\n${escape(value)}`, FIELD_LIMIT) };
}

interface ListOptions {
  /** Keep the lines in a code block (the marks stay aligned). */
  readonly fenced: boolean;
  /** Where the whole list is: `jetway status <run>`. */
  readonly seeAll: string;
  /** How many items the last `left` lines stand for (one each unless said otherwise). */
  readonly countLeft?: (left: number) => number;
}

/**
 * A section of `head`, then `lines` (escaped here) as many as fit in Slack's 3000 characters, then
 * `… and N more (<where to see them>)`.
 */
function listSection(head: string, lines: readonly string[], { fenced, seeAll, countLeft = (left) => left }: ListOptions): Block {
  const escaped = lines.map(escape);
  const [open, close] = fenced ? [`\n${FENCE}\n`, `\n${FENCE}`] : ['\n', ''];
  const more = (left: number) => `\n… and ${countLeft(left)} more (${seeAll})`;
  const whole = `${head}${open}${escaped.join('\n')}${close}`;
  if (whole.length <= SECTION_LIMIT) return section(whole);
  const { kept, left } = cutToFit(escaped, SECTION_LIMIT, head.length + open.length + close.length + more(lines.length).length);
  return section(`${head}${open}${kept.join('\n')}${close}${more(left)}`);
}

/**
 * The deployer's last entry past 500 changes is a note `(K more changes, not listed; …)` (see
 * plan-lines.ts): a cut that drops it counts its K changes, not one line.
 */
function unlistedChanges(plan: InfraPlanReview, left: number): number {
  return plan.changes.slice(plan.changes.length - left).reduce((sum, c) => sum + (c.action === 'more' ? Number(/^\((\d+) more\b/.exec(c.address)?.[1] ?? 1) : 1), 0);
}

function planBlocks(request: ApprovalRequested, plan: InfraPlanReview): Block[] {
  const seeAll = `\`jetway status ${request.run_id}\` shows the plan`;
  const head = `*Plan* \`${plan.hash}\`: ${countsLine(plan)}`;
  const blocks = [
    plan.changes.length === 0
      ? section(`${head}: nothing to change`)
      : listSection(head, changeLines(plan.changes), { fenced: true, seeAll, countLeft: (left) => unlistedChanges(plan, left) }),
  ];
  if (plan.protected_destroys.length > 0) {
    const required = requiredApprovalsOf(request);
    const protectedHead = `🛡️ *Protected destroys* (${plan.protected_destroys.length}): each needs a second approver, so ${required} different approvers must approve this plan:`;
    blocks.push(listSection(protectedHead, plan.protected_destroys.map((address) => `• \`${address}\``), { fenced: false, seeAll }));
  }
  if (plan.configuration.length > 0) {
    blocks.push(listSection('*Configuration* (`ansible-playbook --check --diff`):', plan.configuration, { fenced: true, seeAll }));
  }
  return blocks;
}

function fieldsOf(request: ApprovalRequested): Block {
  const { plan } = request;
  return {
    type: 'section',
    fields: [
      field(plan ? 'Stack' : 'Application', request.application),
      field('Environment', request.environment ?? plan?.environment ?? '—'),
      field('Step', request.step_id),
      field('Run', request.run_id),
      field('Approvers', request.approvers.length > 0 ? request.approvers.join(', ') : '— (none named)'),
      field('Approvals required', String(requiredApprovalsOf(request))),
      plan ? field('Plan hash', plan.hash) : field('Digest', request.digest),
    ],
  };
}

/** `📋 Plan review: orders → production` / `✋ Approval needed: shop → production`. */
function titleOf(request: ApprovalRequested): string {
  return request.plan ? `📋 Plan review: ${whereOf(request)}` : `✋ Approval needed: ${whereOf(request)}`;
}

/** What waits and for whom, in one sentence. */
function summaryOf(request: ApprovalRequested): string {
  const at = `*${escape(request.application)}* waits at step \`${escape(request.step_id)}\` of run \`${request.run_id}\` for ${escape(waitsFor(request))}`;
  if (request.plan) return `${at}: nothing is applied to ${request.plan.environment} until the plan below is approved.`;
  return request.environment ? `${at} before it goes on to ${request.environment}.` : `${at} before it goes on.`;
}

function commandsOf(request: ApprovalRequested): string {
  const what = request.plan ? 'this plan' : '';
  return `*Approve${what ? ` ${what}` : ''}:* \`${escape(approveCommand(request))}\`\n*Reject:* \`${escape(approveCommand(request, 'reject'))}\``;
}

/** `📋 Plan review: orders → production: 1 to add, … (1 protected destroy); waits for …: jetway approve …`. */
function fallbackOf(request: ApprovalRequested): string {
  const { plan } = request;
  const protectedCount = plan && plan.protected_destroys.length > 0 ? ` (${plan.protected_destroys.length} protected destroy${plan.protected_destroys.length === 1 ? '' : 's'})` : '';
  const counts = plan ? `: ${countsLine(plan)}${protectedCount}` : '';
  return clip(escape(`${titleOf(request)}${counts}; waits for ${waitsFor(request)}: ${approveCommand(request)}`), SECTION_LIMIT);
}

/**
 * One Block Kit message per approval request: what waits (application or stack, step,
 * environment, run) for whom (the approvers allowed, how many must approve) and, for an
 * infrastructure review, the plan as `jetway status` shows it — Terraform's counts, each address
 * with its action mark, the protected destroys, the configuration stage's changes — then the exact
 * command that approves it (`--plan <hash>` for a plan). `text` is the fallback for notifications.
 */
export function toApprovalSlackPayload(notice: ApprovalNotice): SlackPayload {
  const { request, eventId } = notice;
  return {
    text: fallbackOf(request),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(titleOf(request), HEADER_LIMIT), emoji: true } },
      section(summaryOf(request)),
      fieldsOf(request),
      ...(request.plan ? planBlocks(request, request.plan) : []),
      section(commandsOf(request)),
      { type: 'context', elements: [{ type: 'mrkdwn', text: clip(`Jetway · approval of run ${request.run_id} · ${escape(eventId)}`, FIELD_LIMIT) }] },
    ],
  };
}
