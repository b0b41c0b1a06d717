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
      { step_id: `deploy-${environment}`, kind: 'deploy', environment, depends_on: [gate], deadline_seconds: d.deploy },
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
