import type { InfraPlanReview } from '@jetway/contracts';
import type { RunState, StepState } from '../../domain/run-state';
import { outputsOf, type ReviewDecision, type ReviewOpening, type ReviewVerdict } from '../definition';
import { environmentOfStep } from './plan';

/** The policy a review enforces, by name, so a refusal says which rule refused. */
export const PLAN_REVIEW_POLICY = 'no-apply-without-plan-review';

/** The plan a review step is about: the outputs of the plan step of its environment. */
export function planUnderReview(run: RunState, step: Pick<StepState, 'step_id'>): InfraPlanReview | undefined {
  const environment = environmentOfStep(step.step_id);
  const plan = environment ? outputsOf(run, `plan-${environment}`, 'infra-plan')?.plan : undefined;
  return plan?.hash ? (plan as InfraPlanReview) : undefined;
}

/** Destroying a resource of a protected kind (databases, buckets, keys) takes a second approver. */
export function requiredApprovals(plan: Pick<InfraPlanReview, 'protected_destroys'>): number {
  return plan.protected_destroys.length > 0 ? 2 : 1;
}

export function describeReview(plan: InfraPlanReview): string {
  return `plan ${plan.hash.slice(0, 12)} for ${plan.environment}: ${plan.add} to add, ${plan.change} to change, ${plan.destroy} to destroy${plan.import ? `, ${plan.import} to import` : ''}`;
}

/**
 * A review opens: what it shows (the plan's hash and how many approvers it needs) and whether the
 * policy may approve it alone. `auto_approve` approves a plan that destroys nothing; a plan that
 * destroys anything always waits for people, whatever the request says.
 */
export function openReview(run: RunState, step: StepState, autoApprove: boolean): ReviewOpening {
  const plan = planUnderReview(run, step);
  if (!plan) return { refuse: `${PLAN_REVIEW_POLICY}: ${step.step_id} has no plan to review (the plan step reported none)` };
  const outputs = { plan_hash: plan.hash, required_approvals: requiredApprovals(plan), approved_by: [] as string[] };
  if (!autoApprove) return { outputs };
  if (plan.destroy === 0) return { outputs: { ...outputs, approved_by: ['policy:auto'] }, auto: `approved by policy:auto (approval.auto_approve): ${describeReview(plan)}` };
  const destroyed = plan.changes.filter((c) => c.action.includes('delete') || c.action.includes('replace')).map((c) => c.address);
  const why = `${PLAN_REVIEW_POLICY}: auto_approve does not approve a plan that destroys (${describeReview(plan)}: ${destroyed.slice(0, 5).join(', ') || 'see jetway status'})`;
  return { outputs, note: `${why}; ${outputs.required_approvals} approver(s) must review it` };
}

/**
 * A person's decision on a review: bound to the plan's hash (a decision for another plan — an
 * older one, or none named — is refused, so a new plan needs a new approval), and complete once
 * the plan has as many distinct approvers as it needs.
 */
export function decideReview(run: RunState, step: StepState, decision: ReviewDecision): ReviewVerdict {
  const plan = planUnderReview(run, step);
  if (!plan) return { refuse: `${step.step_id} has no plan to review` };
  if (!decision.plan_hash) {
    return { refuse: `${PLAN_REVIEW_POLICY}: a decision on ${step.step_id} must name the plan it reviewed: --plan ${plan.hash} (jetway status ${run.run_id} shows the plan)` };
  }
  if (decision.plan_hash !== plan.hash) {
    return { refuse: `${PLAN_REVIEW_POLICY}: the decision is for plan ${decision.plan_hash.slice(0, 12)}, but ${step.step_id} reviews plan ${plan.hash.slice(0, 12)}: a new plan needs a new approval — review it (jetway status ${run.run_id}) and decide with --plan ${plan.hash}` };
  }
  const required = requiredApprovals(plan);
  if (decision.decision === 'rejected') return { outputs: { plan_hash: plan.hash, required_approvals: required, approved_by: approvedBy(step) }, complete: true };
  const already = approvedBy(step);
  if (already.includes(decision.approver)) return { refuse: `${decision.approver} already approved plan ${plan.hash.slice(0, 12)}: it needs ${required} different approvers (destroys ${plan.protected_destroys.join(', ')})` };
  const approved = [...already, decision.approver];
  const outputs = { plan_hash: plan.hash, required_approvals: required, approved_by: approved };
  if (approved.length >= required) return { outputs, complete: true };
  return { outputs, complete: false, note: `${decision.approver} approved plan ${plan.hash.slice(0, 12)} (${approved.length} of ${required}: it destroys protected ${plan.protected_destroys.join(', ')}; a second approver must approve)` };
}

function approvedBy(step: StepState): string[] {
  const given = step.outputs?.['approved_by'];
  return Array.isArray(given) ? given.filter((name): name is string => typeof name === 'string') : [];
}
