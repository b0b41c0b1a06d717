import { isAbsolute } from 'node:path';
import { applicationOf, ciInfrastructureOf, platformsOf, type CiCdSetupRequest } from '@jetway/contracts';
import type { Emit } from '../../domain/outbox';
import { POLICIES } from '../../domain/policy';
import type { StepState } from '../../domain/run-state';
import { outputsOf, type PipelineDefinition, type RunOf } from '../definition';
import { planCiSetup } from './plan';

type Run = RunOf<'ci_cd_setup'>;

/** The generated bundle: the generate step's digest. */
function bundleOf(run: Run): string | undefined {
  return outputsOf(run, 'generate', 'generate')?.digest;
}

function project(request: CiCdSetupRequest) {
  return { path: request.project_path, ...(request.ref && { ref: request.ref }) };
}

/** What a step's trigger needs from the steps before it; throws naming what is missing (the run then fails at that step). */
function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`missing ${what}: the step that produces it reported no such output`);
  return value;
}

function trigger(run: Run, step: StepState): Emit {
  const ref = { run_id: run.run_id, step_id: step.step_id, attempt: step.attempt };
  const ids = { stepId: step.step_id, attempt: step.attempt };
  const { request, application } = run;
  const analyzed = outputsOf(run, 'analyze', 'analyze');
  const generated = outputsOf(run, 'generate', 'generate');
  const bundle = bundleOf(run) ?? '';
  switch (step.kind) {
    case 'analyze':
      return { subject: 'jetway.step.analyze.triggered.v1', ...ids, payload: { ...ref, application, project: project(request) } };
    case 'generate': {
      const { project_type, deployment_targets, quality_gates, branching_strategy } = request;
      const inputs = { source_digest: need(analyzed?.source_digest, 'source_digest'), analysis: need(analyzed?.analysis, 'analysis') };
      const infrastructure = ciInfrastructureOf(request);
      const payload = { ...ref, application, ...inputs, platforms: platformsOf(request), project_type, deployment_targets, quality_gates, branching_strategy, ...(infrastructure && { infrastructure }) };
      return { subject: 'jetway.step.generate.triggered.v1', ...ids, payload };
    }
    case 'scan':
      return { subject: 'jetway.step.scan.triggered.v1', ...ids, payload: { ...ref, application, digest: bundle, fail_on_severity: request.quality_gates.fail_on_severity } };
    case 'validate':
      return { subject: 'jetway.step.validate.triggered.v1', ...ids, payload: { ...ref, application, digest: bundle, platforms: platformsOf(request) } };
    case 'prove': {
      const inputs = { source_digest: need(analyzed?.source_digest, 'source_digest'), commands: need(generated?.commands, 'commands') };
      const payload = { ...ref, application, ...inputs, bundle_digest: bundle, coverage_threshold: request.quality_gates.test_coverage_threshold };
      return { subject: 'jetway.step.prove.triggered.v1', ...ids, payload };
    }
    case 'approval':
      return { subject: 'jetway.approval.requested.v1', ...ids, payload: { run_id: run.run_id, step_id: step.step_id, application, digest: bundle, approvers: request.approval.approvers } };
    case 'publish': {
      const base = analyzed?.commit ? { base_commit: analyzed.commit } : {};
      const payload = { ...ref, application, project: project(request), bundle_digest: bundle, ...base, branch: `jetway/ci-setup-${run.run_id}` };
      return { subject: 'jetway.step.publish.triggered.v1', ...ids, payload };
    }
    default:
      throw new Error(`a ci_cd_setup pipeline has no ${step.kind} step (${step.step_id})`);
  }
}

/**
 * The CI/CD setup pipeline: analyse a project, generate CI configuration for its platforms, scan
 * and validate it, prove its build and test commands, then (after an approval when the request
 * names approvers) publish it as a branch. Gate: nothing unscanned is published.
 */
export const ciCdSetupPipeline: PipelineDefinition<'ci_cd_setup'> = {
  kind: 'ci_cd_setup',
  application: applicationOf,
  check(request) {
    if (!isAbsolute(request.project_path)) {
      return `project_path: ${request.project_path} is relative; give an absolute path (jetway publish resolves a relative one against the request file)`;
    }
    return undefined;
  },
  plan: planCiSetup,
  trigger,
  async gate(run, step, attestations) {
    if (step.kind !== 'publish') return undefined;
    const bundle = bundleOf(run);
    const verdict = bundle ? await attestations.scanVerdict(bundle) : undefined;
    if (verdict === 'pass') return undefined;
    const why = verdict === 'fail' ? 'its scan failed' : 'it has no scan attestation';
    return `policy ${POLICIES.noUnscannedArtifact}: refusing to publish ${bundle ?? 'the generated files'}: ${why}`;
  },
  summary(run) {
    const digest = bundleOf(run);
    return digest ? { digest, urls: {} } : { urls: {} };
  },
};
