import type { Environment, ReleaseInfo } from '@jetway/contracts';
import type { Emit } from '../../domain/outbox';
import type { StepState } from '../../domain/run-state';
import { outputsOf, type PipelineDefinition, type RunOf } from '../definition';
import { planDeployment } from './plan';
import { checkDeployGate, checkRequest } from './policy';

type Run = RunOf<'deployment'>;

/** Health checks the verify step makes through the stable URL. */
const HEALTH_CHECKS = 3;

/** The artifact of the run: the build step's digest. */
function digestOf(run: Run): string | undefined {
  return outputsOf(run, 'build', 'build')?.digest;
}

function releaseOf(run: Run, environment: Environment): ReleaseInfo | undefined {
  return outputsOf(run, `deploy-${environment}`, 'deploy')?.release;
}

function trigger(run: Run, step: StepState): Emit {
  const ref = { run_id: run.run_id, step_id: step.step_id, attempt: step.attempt };
  const ids = { stepId: step.step_id, attempt: step.attempt };
  const { request, application } = run;
  const environment = step.environment ?? 'staging';
  const digest = digestOf(run) ?? '';
  switch (step.kind) {
    case 'build':
      return { subject: 'jetway.step.build.triggered.v1', ...ids, payload: { ...ref, application, source: request.artifact_source, build: request.build } };
    case 'scan': {
      const source = outputsOf(run, 'build', 'build')?.source_digest;
      const payload = { ...ref, application, digest, ...(source && { source_digest: source }), fail_on_severity: request.quality_gates.fail_on_severity };
      return { subject: 'jetway.step.scan.triggered.v1', ...ids, payload };
    }
    case 'deploy': {
      const { deployment_strategy: strategy, platform_config, rollout } = request;
      // The step's deadline rides along: the deployer aborts a rollout (paused or not) shortly before it.
      const payload = { ...ref, application, environment, digest, strategy, platform_config, rollout, deadline_seconds: step.deadline_seconds };
      return { subject: 'jetway.step.deploy.triggered.v1', ...ids, payload };
    }
    case 'verify': {
      const url = releaseOf(run, environment)?.url ?? '';
      const payload = { ...ref, application, environment, digest, url, health_path: request.platform_config.health_check.path, checks: HEALTH_CHECKS };
      return { subject: 'jetway.step.verify.triggered.v1', ...ids, payload };
    }
    case 'monitor': {
      const release = releaseOf(run, environment) ?? { digest, url: '', targets: [] };
      return { subject: 'jetway.step.monitor.triggered.v1', ...ids, payload: { ...ref, application, environment, release, slo: request.slo } };
    }
    case 'approval':
      return {
        subject: 'jetway.approval.requested.v1',
        ...ids,
        payload: { run_id: run.run_id, step_id: step.step_id, application, environment, digest, approvers: request.approval.approvers },
      };
    default:
      throw new Error(`a deployment pipeline has no ${step.kind} step (${step.step_id})`);
  }
}

/**
 * The deployment pipeline: build → scan → per environment in promotion order [approval for
 * production] → deploy → verify → monitor. Gates: a deploy needs a passing scan attestation of
 * the digest, and production a verified staging deploy of it.
 */
export const deploymentPipeline: PipelineDefinition<'deployment'> = {
  kind: 'deployment',
  application: (request) => request.application_name,
  check: checkRequest,
  plan: planDeployment,
  trigger,
  async gate(run, step, attestations) {
    if (step.kind !== 'deploy') return undefined;
    const digest = digestOf(run);
    const facts = {
      scanVerdict: digest ? await attestations.scanVerdict(digest) : undefined,
      stagingVerified: digest && step.environment === 'production' ? await attestations.verified('staging', digest) : false,
    };
    return checkDeployGate(step, digest, facts);
  },
  summary(run) {
    const urls: Record<string, string> = {};
    for (const step of run.steps) {
      const release = step.kind === 'deploy' && step.environment ? releaseOf(run, step.environment) : undefined;
      if (release && step.environment) urls[step.environment] = release.url;
    }
    const digest = digestOf(run);
    return digest ? { digest, urls } : { urls };
  },
};
