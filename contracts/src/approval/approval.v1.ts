import { z } from 'zod';
import { AppName, Digest, Environment, RunId, StepId } from '../common';
import { InfraPlanReview, PlanHash } from '../step/infrastructure.v1';

/** The planner holds the run until an allowed approver decides. */
export const ApprovalRequested = z.object({
  run_id: RunId,
  step_id: StepId,
  application: AppName,
  /** The environment the decision promotes to; absent for a decision that is not about one (publishing a CI setup). */
  environment: Environment.optional(),
  /** What is being approved: the artifact (or generated bundle) by digest. */
  digest: Digest,
  approvers: z.array(z.string()),
  /** An infrastructure plan under review: the approval is bound to its hash. */
  plan: InfraPlanReview.optional(),
  /** How many distinct approvers must approve (2 when the plan destroys a protected resource). */
  required_approvals: z.number().int().min(1).max(5).optional(),
});
export type ApprovalRequested = z.infer<typeof ApprovalRequested>;

/**
 * A human decision. The planner applies it only when `approver` is allowed by the run's policy
 * and `signature` verifies against the nkey enrolled for that approver (see `decisionSigningText`):
 * the name alone proves nothing. `signature` is optional in v1 only so that an unsigned decision
 * still parses and can be refused with a reason instead of a dead letter.
 */
export const ApprovalDecided = z.object({
  run_id: RunId,
  step_id: StepId,
  decision: z.enum(['approved', 'rejected']),
  approver: z.string().min(1, 'say who decides (--as <name>)'),
  comment: z.string().max(2000).optional(),
  /** The plan hash the approver reviewed; an infrastructure review refuses a decision without it or for another plan. */
  plan_hash: PlanHash.optional(),
  /** Ed25519 signature (base64url) of `decisionSigningText(decision)` by the approver's enrolled nkey. */
  signature: z.string().min(1).optional(),
});
export type ApprovalDecided = z.infer<typeof ApprovalDecided>;

/**
 * The exact bytes an approver signs: every field that changes the decision's meaning, one per
 * line, so a signature for one run, step, verdict or comment cannot be reused for another.
 */
export function decisionSigningText(decision: Omit<ApprovalDecided, 'signature'>): string {
  const lines = ['jetway.approval.decided.v1', decision.run_id, decision.step_id, decision.decision, decision.approver, decision.comment ?? ''];
  // The plan hash is signed too when given (a signature for one plan cannot approve another);
  // decisions without one keep the text they always had.
  if (decision.plan_hash) lines.push(`plan ${decision.plan_hash}`);
  return lines.join('\n');
}
