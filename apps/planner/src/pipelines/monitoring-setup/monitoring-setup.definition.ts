import type { Emit } from '../../domain/outbox';
import type { StepState } from '../../domain/run-state';
import { outputsOf, type PipelineDefinition, type RunOf } from '../definition';
import { planMonitoringSetup } from './plan';

type Run = RunOf<'monitoring_setup'>;

/** The generated bundle: the generate step's digest. */
function bundleOf(run: Run): string | undefined {
  return outputsOf(run, 'generate', 'monitoring-generate')?.digest;
}

/** A step after generate needs the bundle; throws naming what is missing (the run then fails at that step). */
function needBundle(run: Run): string {
  const digest = bundleOf(run);
  if (!digest) throw new Error('missing the bundle digest: the generate step reported no such output');
  return digest;
}

function trigger(run: Run, step: StepState): Emit {
  const ref = { run_id: run.run_id, step_id: step.step_id, attempt: step.attempt };
  const ids = { stepId: step.step_id, attempt: step.attempt };
  const { request } = run;
  const name = request.name;
  switch (step.kind) {
    case 'monitoring-generate': {
      const { infrastructure_inventory, monitoring_stack, alerting_channels, routing, sla_requirements, timing, delivery } = request;
      const payload = { ...ref, name, infrastructure_inventory, monitoring_stack, alerting_channels, routing, sla_requirements, timing, delivery };
      return { subject: 'jetway.step.monitoring-generate.triggered.v1', ...ids, payload };
    }
    case 'monitoring-validate':
      return { subject: 'jetway.step.monitoring-validate.triggered.v1', ...ids, payload: { ...ref, name, digest: needBundle(run), monitoring_stack: request.monitoring_stack } };
    case 'approval':
      return { subject: 'jetway.approval.requested.v1', ...ids, payload: { run_id: run.run_id, step_id: step.step_id, application: name, digest: needBundle(run), approvers: request.approval.approvers } };
    case 'monitoring-apply':
      return { subject: 'jetway.step.monitoring-apply.triggered.v1', ...ids, payload: { ...ref, name, digest: needBundle(run) } };
    case 'monitoring-verify':
      return { subject: 'jetway.step.monitoring-verify.triggered.v1', ...ids, payload: { ...ref, name, digest: needBundle(run) } };
    default:
      throw new Error(`a monitoring_setup pipeline has no ${step.kind} step (${step.step_id})`);
  }
}

/**
 * The monitoring setup pipeline: generate a bundle from the inventory, validate it with the
 * formats' own tools, then (for prometheus_grafana, after an approval when the request names
 * approvers) apply it to the stack and verify the stack runs it. No gate beyond the DAG: apply
 * depends on validate, so nothing unvalidated is applied.
 */
export const monitoringSetupPipeline: PipelineDefinition<'monitoring_setup'> = {
  kind: 'monitoring_setup',
  application: (request) => request.name,
  check: () => undefined,
  plan: planMonitoringSetup,
  trigger,
  gate: async () => undefined,
  summary(run) {
    const digest = bundleOf(run);
    const urls = outputsOf(run, 'apply', 'monitoring-apply')?.urls ?? {};
    return digest ? { digest, urls } : { urls };
  },
};
