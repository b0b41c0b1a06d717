import { createHash } from 'node:crypto';
import type { EnvironmentType, InfraPlanReview, PlannedChange } from '@jetway/contracts';
import { describePlan as describeAnsiblePlan, type AnsibleReport } from '../iac/ansible';
import type { MessagingChange, MessagingPlan } from '../iac/jetstream';
import type { PlanSummary } from '../iac/terraform';
import { destroys, isProtectedType } from './protected-kinds';

/** What one plan step found, part by part. */
export interface PlanParts {
  /** The Terraform plan: its summary and the sha256 of its plan file. */
  readonly terraform?: { readonly summary: PlanSummary; readonly hash: string };
  readonly messaging?: MessagingPlan;
  /** `ansible-playbook --check --diff`, as review lines. */
  readonly configuration?: readonly string[];
}

/** Which plan this is: part of a review hash that is not a Terraform plan file's own. */
export interface PlanIdentity {
  readonly stack: string;
  readonly environment: EnvironmentType;
  readonly run_id: string;
}

/** The contract's cap on listed changes (`changes` max 500); the counts stay exact. */
const MAX_CHANGES = 500;
const MAX_CONFIGURATION_LINES = 200;

/**
 * The review hash — what approvals bind to and apply checks:
 *  - a Terraform plan alone: the plan file's sha256 (Terraform stamps each plan file, so every
 *    plan has its own hash; apply re-hashes the file before running anything);
 *  - otherwise (a messaging plan alone, or Terraform and messaging together): the sha256 of the
 *    text `jetway-infra-plan/1\n` + `stack:<s>\n` + `environment:<e>\n` + `run:<run id>\n` +
 *    one `<part>:<sha256 hex>\n` line per part in name order (messaging: the plan document's
 *    hash, which applyMessaging re-checks; terraform: the plan file's). The run and environment
 *    are in it because a messaging plan's own hash is the same for the same changes: without
 *    them, a later run planning the same changes would find this run's apply and skip its own.
 */
export function reviewHash(parts: { readonly terraform?: string; readonly messaging?: string }, identity: PlanIdentity): string {
  const named = Object.entries(parts)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([name, hash]) => [name, hash.replace(/^sha256:/, '')] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  if (named.length === 0) throw new Error('a plan needs at least one part (terraform or messaging) to hash');
  if (named.length === 1 && named[0]?.[0] === 'terraform') return named[0][1];
  const text = ['jetway-infra-plan/1', `stack:${identity.stack}`, `environment:${identity.environment}`, `run:${identity.run_id}`, ...named.map(([n, h]) => `${n}:${h}`)].join('\n');
  return createHash('sha256').update(`${text}\n`).digest('hex');
}

/** The review an approver sees: Terraform's counts plus the messaging changes, addresses, protected destroys. */
export function reviewOf(parts: PlanParts, identity: PlanIdentity): InfraPlanReview {
  const counts = { add: 0, change: 0, destroy: 0, import: 0 };
  const changes: PlannedChange[] = [];
  const protectedDestroys: string[] = [];
  if (parts.terraform) {
    const s = parts.terraform.summary;
    Object.assign(counts, { add: s.add, change: s.change, destroy: s.destroy, import: s.import });
    for (const r of s.resources) {
      changes.push({ address: r.address, action: r.action });
      if (r.mode === 'managed' && destroys(r.action) && isProtectedType(r.type)) protectedDestroys.push(r.address);
    }
  }
  for (const c of (parts.messaging?.changes ?? []).filter((change) => change.action !== 'no-op')) {
    const address = messagingAddress(c);
    changes.push({ address, action: c.action });
    if (c.action === 'create' || c.action === 'replace') counts.add += 1;
    if (c.action === 'update') counts.change += 1;
    if (c.action === 'delete' || c.action === 'replace') counts.destroy += 1;
    if ((c.action === 'delete' || c.action === 'replace') && c.kind !== 'consumer') protectedDestroys.push(address);
  }
  const hash = reviewHash({ terraform: parts.terraform?.hash, messaging: parts.messaging?.hash }, identity);
  return { hash, environment: identity.environment, ...counts, changes: capped(changes), protected_destroys: protectedDestroys, configuration: [...(parts.configuration ?? [])].slice(0, MAX_CONFIGURATION_LINES) };
}

/** `jetstream.stream.ORDERS`, `jetstream.consumer.ORDERS/worker`, `jetstream.kv.CONFIG`. */
export function messagingAddress(change: Pick<MessagingChange, 'kind' | 'name'>): string {
  return `jetstream.${change.kind}.${change.name}`;
}

/** The configuration stage's check-mode plan as review lines: one per host, then what failed in check mode and why. */
export function configurationLines(report: AnsibleReport): string[] {
  const failures = report.tasks
    .filter((t) => t.status === 'failed' || t.status === 'unreachable')
    .map((t) => `${t.host}: task "${t.task}" ${t.status} in check mode${t.msg ? `: ${t.msg.slice(0, 300)}` : ''}`);
  return [...describeAnsiblePlan(report), ...failures];
}

function capped(changes: PlannedChange[]): PlannedChange[] {
  if (changes.length <= MAX_CHANGES) return changes;
  return [...changes.slice(0, MAX_CHANGES - 1), { address: `(${changes.length - MAX_CHANGES + 1} more changes, not listed; the counts include them)`, action: 'more' }];
}
