import type { ApprovalRequested } from '@jetway/contracts';

/** One approval request as the notifier handles it. */
export interface ApprovalNotice {
  readonly request: ApprovalRequested;
  /** `approval-<run>-<step>-<plan hash | digest>`: what waits, derived from the payload. */
  readonly eventId: string;
  /** The event's `ce-time`. */
  readonly time: string;
}

/**
 * The id of what waits, from the payload: a copy of the request republished under another message
 * id maps to the same claim and posts nothing twice, while a new plan for the same step (another
 * hash) is a new review and gets its own message.
 */
export function approvalEventIdOf(request: Pick<ApprovalRequested, 'run_id' | 'step_id' | 'digest' | 'plan'>): string {
  return `approval-${request.run_id}-${request.step_id}-${request.plan?.hash ?? request.digest}`;
}

/** How many distinct approvers must approve: the request says so for a plan review, else one. */
export function requiredApprovalsOf(request: Pick<ApprovalRequested, 'required_approvals'>): number {
  return request.required_approvals ?? 1;
}

/**
 * The command that approves exactly this request: `--plan <hash>` binds an infrastructure
 * approval to the reviewed plan (the planner refuses a decision without it or for another plan).
 */
export function approveCommand(request: Pick<ApprovalRequested, 'run_id' | 'plan'>, verb: 'approve' | 'reject' = 'approve'): string {
  const plan = request.plan ? ` --plan ${request.plan.hash}` : '';
  return `jetway ${verb} ${request.run_id} --as <name>${plan}`;
}

/**
 * Who may decide and how many must: `an approval by alice or bob`, `2 approvals by different
 * approvers among alice, bob and carol`; an empty list says nobody can approve, and what to set.
 */
export function waitsFor(request: Pick<ApprovalRequested, 'approvers' | 'required_approvals'>): string {
  const { approvers } = request;
  if (approvers.length === 0) return 'an approver, but the request names none: nobody can approve it (set approval.approvers and publish it again)';
  const required = requiredApprovalsOf(request);
  if (required === 1) return `an approval by ${listed(approvers, 'or')}`;
  return `${required} approvals by different approvers among ${listed(approvers, 'and')}`;
}

/** `alice`, `alice or bob`, `alice, bob or carol`. */
function listed(names: readonly string[], last: 'or' | 'and'): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${last} ${names.at(-1) ?? ''}`;
}

/** `orders → production`, or the application alone for a decision about no environment (publishing a CI setup). */
export function whereOf(request: Pick<ApprovalRequested, 'application' | 'environment'>): string {
  return request.environment ? `${request.application} → ${request.environment}` : request.application;
}
