import type { MonitoringSetupRequest, PlannedStep } from '@jetway/contracts';

/** Whether the request's stack is one Jetway only writes files for (nothing to apply or verify). */
export function generateOnly(request: Pick<MonitoringSetupRequest, 'monitoring_stack'>): boolean {
  return request.monitoring_stack !== 'prometheus_grafana';
}

/**
 * The monitoring setup DAG: generate → validate → [approval] → apply → verify. A generate-only
 * stack (elk, datadog, new_relic) stops after validate: there is no stack of it to apply to.
 */
export function planMonitoringSetup(request: MonitoringSetupRequest): PlannedStep[] {
  const d = request.deadlines;
  const steps: PlannedStep[] = [
    { step_id: 'generate', kind: 'monitoring-generate', depends_on: [], deadline_seconds: d['monitoring-generate'] },
    { step_id: 'validate', kind: 'monitoring-validate', depends_on: ['generate'], deadline_seconds: d['monitoring-validate'] },
  ];
  if (generateOnly(request)) return steps;
  const gated = request.approval.approvers.length > 0 || request.approval.auto_approve;
  if (gated) steps.push({ step_id: 'approve-apply', kind: 'approval', depends_on: ['validate'], deadline_seconds: d.approval });
  steps.push(
    { step_id: 'apply', kind: 'monitoring-apply', depends_on: [gated ? 'approve-apply' : 'validate'], deadline_seconds: d['monitoring-apply'] },
    { step_id: 'verify', kind: 'monitoring-verify', depends_on: ['apply'], deadline_seconds: d['monitoring-verify'] },
  );
  return steps;
}
