import type { DriftCheckReply } from '@jetway/contracts';
import { paint, type RenderOptions } from './style';

type Answered = Extract<DriftCheckReply, { ok: true }>;
type Result = Answered['results'][number];

/**
 * `jetway drift`'s exit status: 3 when any environment drifted (a plan of its applied
 * configuration would change something), else 1 when any could not be checked, else 0 (in sync).
 */
export function driftExitCode(reply: Answered): 0 | 1 | 3 {
  if (reply.results.some((r) => r.status === 'drifted')) return 3;
  if (reply.results.some((r) => r.status === 'unknown')) return 1;
  return 0;
}

function statusLine(result: Result, width: number, opts: RenderOptions): string {
  const env = result.environment.padEnd(width);
  if (result.status === 'in_sync') return `${env}  ${paint('in sync', 'green', opts)}`;
  if (result.status === 'unknown') return `${env}  ${paint(`unknown: ${result.detail ?? 'the check could not run'}`, 'yellow', opts)}`;
  const count = result.changes.length;
  const episode = result.episode ? ` (drift episode ${result.episode})` : '';
  return `${env}  ${paint(`drifted: ${count} change${count === 1 ? '' : 's'}`, 'red', opts)}${episode}`;
}

/**
 * A drift reply, one block per environment: "in sync", "drifted: N changes" with each address and
 * action, or "unknown: <why>"; what was compared under each; the remediation when anything drifted.
 */
export function renderDrift(reply: Answered, opts: RenderOptions): string {
  const width = Math.max(0, ...reply.results.map((r) => r.environment.length));
  const lines = [`Stack ${reply.stack}`];
  for (const result of reply.results) {
    lines.push(statusLine(result, width, opts));
    const addressWidth = Math.max(0, ...result.changes.map((c) => c.address.length));
    for (const change of result.changes) lines.push(`  ${change.address.padEnd(addressWidth)}  ${change.action}`);
    if (result.detail && result.status !== 'unknown') lines.push(paint(`  ${result.detail}`, 'dim', opts));
  }
  if (driftExitCode(reply) === 3) {
    lines.push('', `Remediation: re-run the stack's infrastructure request; the plan goes through review (jetway publish <request> --watch).`);
  }
  return lines.join('\n');
}
