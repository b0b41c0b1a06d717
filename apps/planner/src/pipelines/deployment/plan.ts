import { ENVIRONMENT_ORDER, type DeploymentRequest, type Environment, type PlannedStep } from '@jetway/contracts';

/**
 * The deployment DAG: build → scan → for each environment in promotion order: (approval for
 * production) → deploy → verify → monitor. Each environment waits for the previous one's
 * verification, so production only ever gets a digest staging has verified.
 */
export function planDeployment(request: DeploymentRequest): PlannedStep[] {
  const d = request.deadlines;
  const steps: PlannedStep[] = [
    { step_id: 'build', kind: 'build', depends_on: [], deadline_seconds: d.build },
    { step_id: 'scan', kind: 'scan', depends_on: ['build'], deadline_seconds: d.scan },
  ];
  let previous = 'scan';
  for (const environment of orderEnvironments(request.target_environments)) {
    let gate = previous;
    if (environment === 'production') {
      steps.push({ step_id: 'approve-production', kind: 'approval', environment, depends_on: [previous], deadline_seconds: d.approval });
      gate = 'approve-production';
    }
    steps.push(
      { step_id: `deploy-${environment}`, kind: 'deploy', environment, depends_on: [gate], deadline_seconds: deployDeadlineSeconds(request) },
      { step_id: `verify-${environment}`, kind: 'verify', environment, depends_on: [`deploy-${environment}`], deadline_seconds: d.verify },
      { step_id: `monitor-${environment}`, kind: 'monitor', environment, depends_on: [`verify-${environment}`], deadline_seconds: d.monitor },
    );
    previous = `verify-${environment}`;
  }
  return steps;
}

export function orderEnvironments(environments: readonly Environment[]): Environment[] {
  return [...environments].sort((a, b) => ENVIRONMENT_ORDER.indexOf(a) - ENVIRONMENT_ORDER.indexOf(b));
}

/**
 * A deploy step's deadline: `deadlines.deploy` is the time for the work itself (start, health,
 * switch); a progressive rollout adds the time its strategy waits by design — each canary step's
 * duration, a blue-green auto-promotion delay — and, where it pauses for a person (a canary's
 * manual approval points, a blue-green release without auto-promotion), the approval deadline,
 * as an approval step would get. The deployer aborts a rollout shortly before this deadline.
 */
export function deployDeadlineSeconds(request: DeploymentRequest): number {
  const { deadlines: d, rollout } = request;
  switch (request.deployment_strategy) {
    case 'canary': {
      const waits = rollout.canary.steps.reduce((sum, step) => sum + step.duration_seconds, 0);
      return d.deploy + waits + (rollout.canary.manual_approval_points.length > 0 ? d.approval : 0);
    }
    case 'blue_green':
      return d.deploy + rollout.blue_green.auto_promote_seconds + (rollout.blue_green.auto_promote ? 0 : d.approval);
    default:
      return d.deploy;
  }
}
