import { z } from 'zod';
import { AppName, Digest, Environment, RunId, StepId } from '../common';

/** The planner holds the run until an allowed approver decides. */
export const ApprovalRequested = z.object({
  run_id: RunId,
  step_id: StepId,
  application: AppName,
  environment: Environment,
  digest: Digest,
  approvers: z.array(z.string()),
});
export type ApprovalRequested = z.infer<typeof ApprovalRequested>;

/** A human (or `policy:auto`) decision; the planner checks `approver` against the policy. */
export const ApprovalDecided = z.object({
  run_id: RunId,
  step_id: StepId,
  decision: z.enum(['approved', 'rejected']),
  approver: z.string().min(1, 'say who decides (--as <name>)'),
  comment: z.string().max(2000).optional(),
});
export type ApprovalDecided = z.infer<typeof ApprovalDecided>;
