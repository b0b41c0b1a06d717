import type { PlannedStep, RollbackRequest } from '@jetway/contracts';
import type { Emit } from '../../domain/outbox';
import type { StepState } from '../../domain/run-state';
import { outputsOf, type PipelineDefinition, type RunOf } from '../definition';
import { authorizeRollback } from './rollback-authorization';

type Run = RunOf<'rollback'>;

function plan(request: RollbackRequest): PlannedStep[] {
  const { environment, deadlines } = request;
  return [
    { step_id: 'rollback', kind: 'rollback', environment, depends_on: [], deadline_seconds: deadlines.rollback },
    { step_id: `verify-${environment}`, kind: 'verify', environment, depends_on: ['rollback'], deadline_seconds: deadlines.verify },
  ];
}

function trigger(run: Run, step: StepState): Emit {
  const ref = { run_id: run.run_id, step_id: step.step_id, attempt: step.attempt };
  const ids = { stepId: step.step_id, attempt: step.attempt };
  const { request, application } = run;
  const rolledBack = outputsOf(run, 'rollback', 'rollback');
  switch (step.kind) {
    case 'rollback': {
      const payload = { ...ref, application, environment: request.environment, ...(request.to_digest && { to_digest: request.to_digest }), ...(request.reason && { reason: request.reason }) };
      return { subject: 'jetway.step.rollback.triggered.v1', ...ids, payload };
    }
    case 'verify': {
      const release = rolledBack?.release;
      if (!release) throw new Error('missing release: the rollback step reported no such output');
      const payload = { ...ref, application, environment: request.environment, digest: release.digest, url: release.url, health_path: rolledBack.health_path ?? '/health', checks: 3 };
      return { subject: 'jetway.step.verify.triggered.v1', ...ids, payload };
    }
    default:
      throw new Error(`a rollback run has no ${step.kind} step (${step.step_id})`);
  }
}

/**
 * A rollback as a run of its own: the deployer serves the previous (or a named) release of
 * (application, environment) again, then verifies it through its stable URL. Authorized before
 * anything runs (`authorizeRollback`): signed with the operator's enrolled key, by an approver of
 * the deployment run behind what serves there, towards a release that served there before.
 */
export const rollbackPipeline: PipelineDefinition<'rollback'> = {
  kind: 'rollback',
  application: (request) => request.application_name,
  check: (request) => (request.signature ? undefined : `signature: a rollback changes traffic; it must be signed by who asks (jetway rollback signs it with ${request.approver}'s enrolled key)`),
  authorize: authorizeRollback,
  plan,
  trigger,
  gate: async () => undefined,
  summary(run) {
    const release = outputsOf(run, 'rollback', 'rollback')?.release;
    return release ? { digest: release.digest, urls: { [run.request.environment]: release.url } } : { urls: {} };
  },
};
