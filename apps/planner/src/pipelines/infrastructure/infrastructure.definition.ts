import { environmentsOf, infrastructureSpecOf, type EnvironmentType } from '@jetway/contracts';
import type { Emit } from '../../domain/outbox';
import { POLICIES } from '../../domain/policy';
import type { StepState } from '../../domain/run-state';
import { outputsOf, type PipelineDefinition, type RunOf } from '../definition';
import { appliable, environmentOfStep, planInfrastructure } from './plan';
import { decideReview, openReview, PLAN_REVIEW_POLICY, planUnderReview, requiredApprovals } from './review';

type Run = RunOf<'infrastructure'>;

/** The generated files: the generate step's digest. */
function bundleOf(run: Run): string | undefined {
  return outputsOf(run, 'generate', 'infra-generate')?.digest;
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`missing ${what}: the step that produces it reported no such output`);
  return value;
}

function environmentOf(step: StepState): EnvironmentType {
  return need(environmentOfStep(step.step_id), `the environment of ${step.step_id}`) as EnvironmentType;
}

function trigger(run: Run, step: StepState): Emit {
  const ref = { run_id: run.run_id, step_id: step.step_id, attempt: step.attempt };
  const ids = { stepId: step.step_id, attempt: step.attempt };
  const { request } = run;
  const spec = infrastructureSpecOf(request);
  const stack = request.stack;
  if (step.kind === 'infra-generate') return { subject: 'jetway.step.infra-generate.triggered.v1', ...ids, payload: { ...ref, spec, environments: environmentsOf(request.environment_type) } };
  const digest = need(bundleOf(run), 'the generated files digest');
  if (step.kind === 'infra-scan') return { subject: 'jetway.step.infra-scan.triggered.v1', ...ids, payload: { ...ref, stack, digest, spec } };
  const environment = environmentOf(step);
  const at = { ...ref, stack, digest, environment, spec };
  switch (step.kind) {
    case 'infra-plan':
      return { subject: 'jetway.step.infra-plan.triggered.v1', ...ids, payload: { ...at, lock_environments: environmentsOf(request.environment_type) } };
    case 'approval': {
      const plan = need(planUnderReview(run, step), `the plan of ${environment}`);
      const payload = { run_id: run.run_id, step_id: step.step_id, application: stack, ...(step.environment && { environment: step.environment }), digest, approvers: request.approval.approvers, plan, required_approvals: requiredApprovals(plan) };
      return { subject: 'jetway.approval.requested.v1', ...ids, payload };
    }
    case 'infra-apply': {
      const plan = need(planUnderReview(run, step), `the reviewed plan of ${environment}`);
      return { subject: 'jetway.step.infra-apply.triggered.v1', ...ids, payload: { ...at, plan_hash: plan.hash, approved_by: approversOf(run, step) } };
    }
    case 'infra-configure':
      return { subject: 'jetway.step.infra-configure.triggered.v1', ...ids, payload: at };
    case 'infra-verify':
      return { subject: 'jetway.step.infra-verify.triggered.v1', ...ids, payload: at };
    default:
      throw new Error(`an infrastructure pipeline has no ${step.kind} step (${step.step_id})`);
  }
}

/**
 * The infrastructure pipeline: generate the stack's IaC, scan and cost it, then per environment
 * (staging first) lock, plan, review, apply exactly the reviewed plan, configure and verify.
 * Gates read attestations: nothing unscanned is planned, and production (or dr) is planned only
 * for files staging applied and verified. Reviews are bound to the plan's hash (review.ts).
 */
export const infrastructurePipeline: PipelineDefinition<'infrastructure'> = {
  kind: 'infrastructure',
  application: (request) => request.stack,
  check(request) {
    if (!appliable(request) || request.approval.approvers.length > 0 || request.approval.auto_approve) return undefined;
    return `${PLAN_REVIEW_POLICY}: every apply waits for a review — name approval.approvers (or set approval.auto_approve, which approves only plans that destroy nothing)`;
  },
  plan: planInfrastructure,
  trigger,
  async gate(run, step, attestations) {
    const digest = bundleOf(run);
    if (step.kind === 'infra-plan') {
      if (!digest) return `cannot plan ${step.step_id}: the generate step reported no files digest`;
      const verdict = await attestations.scanVerdict(digest);
      if (verdict !== 'pass') return `${POLICIES.noUnscannedArtifact}: the generated files ${digest.slice(0, 19)} have ${verdict === 'fail' ? 'a failing scan' : 'no scan attestation'}; nothing unscanned is planned or applied`;
      const environment = environmentOfStep(step.step_id);
      if ((environment === 'production' || environment === 'dr') && !(await attestations.verified('staging', digest))) {
        return `${POLICIES.noProdWithoutStaging}: ${environment} is planned only for files staging applied and verified, and ${digest.slice(0, 19)} has no staging verification`;
      }
    }
    if (step.kind === 'infra-apply') {
      const plan = planUnderReview(run, step);
      const review = outputsOfReview(run, step);
      if (!plan || review !== plan.hash) return `${PLAN_REVIEW_POLICY}: ${step.step_id} applies only a reviewed plan, and the approval was for ${review ?? 'no plan'}`;
    }
    return undefined;
  },
  review: { open: openReview, decide: decideReview },
  summary(run) {
    const digest = bundleOf(run);
    return digest ? { digest, urls: {} } : { urls: {} };
  },
};

/** Who approved the review of an apply's environment: the people, or policy:auto. */
function approversOf(run: Run, step: StepState): string[] {
  const review = run.steps.find((s) => s.step_id === `review-${environmentOfStep(step.step_id)}`);
  const people = review?.outputs?.['approved_by'];
  if (Array.isArray(people) && people.length > 0) return people.filter((name): name is string => typeof name === 'string');
  return review?.reason?.startsWith('approved by policy:auto') ? ['policy:auto'] : [];
}

/** The plan hash the review step of an apply's environment approved. */
function outputsOfReview(run: Run, step: StepState): string | undefined {
  const environment = environmentOfStep(step.step_id);
  const review = run.steps.find((s) => s.step_id === `review-${environment}`);
  const hash = review?.status === 'finished' && review.outcome === 'succeeded' ? review.outputs?.['plan_hash'] : undefined;
  return typeof hash === 'string' ? hash : undefined;
}
