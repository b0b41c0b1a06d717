import { approvalOf, type PipelineRequest } from '@jetway/contracts';

/** The seeds' NEVER rules, by name, so a refusal says which rule refused. */
export const POLICIES = {
  noProdWithoutStaging: 'no-production-without-staging',
  noUnscannedArtifact: 'no-unscanned-artifact',
  productionApproval: 'production-needs-approval',
} as const;

/** Is `approver` allowed to decide? Auto-approval is the policy itself deciding. */
export function approverAllowed(request: PipelineRequest, approver: string): boolean {
  if (approver === 'policy:auto') return approvalOf(request).auto_approve;
  return approvalOf(request).approvers.includes(approver);
}
