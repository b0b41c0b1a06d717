import { Environment, environmentsOf, type InfrastructureRequest, type PlannedStep } from '@jetway/contracts';

/**
 * Whether anything of the request can be planned and applied here: messaging always, the cloud
 * part only through Terraform (pulumi, cloudformation and crossplane are generated only).
 */
export function appliable(request: Pick<InfrastructureRequest, 'messaging' | 'iac_tool' | 'application_requirements'>): boolean {
  return request.messaging !== undefined || (request.iac_tool === 'terraform' && request.application_requirements !== undefined);
}

/** The step environment when it is one the mesh's attestations know (dr is not). */
function stepEnvironment(environment: string): Pick<PlannedStep, 'environment'> {
  const parsed = Environment.safeParse(environment);
  return parsed.success ? { environment: parsed.data } : {};
}

/**
 * The infrastructure DAG: generate → scan, then for each environment in order (staging before
 * production or dr): plan → review → apply → [configure] → verify. Review is an approval step on
 * every path to apply — the seeds' NEVER "applying Terraform without plan review" — and the next
 * environment plans only after the one before verified. A generate-only stack stops after scan.
 */
export function planInfrastructure(request: InfrastructureRequest): PlannedStep[] {
  const d = request.deadlines;
  const steps: PlannedStep[] = [
    { step_id: 'generate', kind: 'infra-generate', depends_on: [], deadline_seconds: d['infra-generate'] },
    { step_id: 'scan', kind: 'infra-scan', depends_on: ['generate'], deadline_seconds: d['infra-scan'] },
  ];
  if (!appliable(request)) return steps;
  let previous = 'scan';
  for (const environment of environmentsOf(request.environment_type)) {
    const env = stepEnvironment(environment);
    const id = (step: string) => `${step}-${environment}`;
    steps.push(
      { step_id: id('plan'), kind: 'infra-plan', ...env, depends_on: [previous], deadline_seconds: d['infra-plan'] },
      { step_id: id('review'), kind: 'approval', ...env, depends_on: [id('plan')], deadline_seconds: d.approval },
      { step_id: id('apply'), kind: 'infra-apply', ...env, depends_on: [id('review')], deadline_seconds: d['infra-apply'] },
    );
    let applied = id('apply');
    if (request.configuration) {
      steps.push({ step_id: id('configure'), kind: 'infra-configure', ...env, depends_on: [applied], deadline_seconds: d['infra-configure'] });
      applied = id('configure');
    }
    steps.push({ step_id: id('verify'), kind: 'infra-verify', ...env, depends_on: [applied], deadline_seconds: d['infra-verify'] });
    previous = id('verify');
  }
  return steps;
}

/** The environment a step of the DAG is about, from its id (`plan-production` → production). */
export function environmentOfStep(stepId: string): string | undefined {
  const dash = stepId.indexOf('-');
  return dash > 0 ? stepId.slice(dash + 1) : undefined;
}
