import type { CiCdSetupRequest, PlannedStep } from '@jetway/contracts';

/**
 * The CI/CD setup DAG: analyze → generate → scan → validate → prove → [approval] → publish. The
 * approval step is planned when the request names approvers (or lets the policy approve).
 */
export function planCiSetup(request: CiCdSetupRequest): PlannedStep[] {
  const d = request.deadlines;
  const steps: PlannedStep[] = [
    { step_id: 'analyze', kind: 'analyze', depends_on: [], deadline_seconds: d.analyze },
    { step_id: 'generate', kind: 'generate', depends_on: ['analyze'], deadline_seconds: d.generate },
    { step_id: 'scan', kind: 'scan', depends_on: ['generate'], deadline_seconds: d.scan },
    { step_id: 'validate', kind: 'validate', depends_on: ['scan'], deadline_seconds: d.validate },
    { step_id: 'prove', kind: 'prove', depends_on: ['validate'], deadline_seconds: d.prove },
  ];
  const gated = request.approval.approvers.length > 0 || request.approval.auto_approve;
  if (gated) steps.push({ step_id: 'approve-publish', kind: 'approval', depends_on: ['prove'], deadline_seconds: d.approval });
  steps.push({ step_id: 'publish', kind: 'publish', depends_on: [gated ? 'approve-publish' : 'prove'], deadline_seconds: d.publish });
  return steps;
}
