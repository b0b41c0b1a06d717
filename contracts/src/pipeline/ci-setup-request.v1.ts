import { z } from 'zod';
import { AppName, Environment, ENVIRONMENT_ORDER, Severity } from '../common';
import { deadlinesFor } from '../step/deadlines';
import { CloudProvider } from './infrastructure-request.v1';
import { ApprovalPolicy, NotificationPolicy } from './inputs';

/** The CI platforms the CI/CD setup pipeline writes configuration for (the seed spec's list). */
export const CiPlatform = z.enum(['github_actions', 'gitlab_ci', 'jenkins', 'circleci', 'azure_devops']);
export type CiPlatform = z.infer<typeof CiPlatform>;

export const ProjectType = z.enum(['web_app', 'api', 'library', 'mobile', 'microservices', 'monorepo']);
export const BranchingStrategy = z.enum(['gitflow', 'github_flow', 'gitlab_flow', 'trunk_based']);
export type BranchingStrategy = z.infer<typeof BranchingStrategy>;

/** Where the generated pipeline deploys: one entry per environment, in any order (promotion order is applied). */
export const DeploymentTarget = z.object({
  environment: Environment,
  platform: z.enum(['kubernetes', 'ecs', 'lambda', 'app_service', 'heroku', 'vercel']),
  region: z.string().min(1).optional(),
});
export type DeploymentTarget = z.infer<typeof DeploymentTarget>;

/** What the generated pipeline enforces; `test_coverage_threshold` is a percentage of lines. */
export const CiQualityGates = z.object({
  test_coverage_threshold: z.number().min(0).max(100).default(80),
  security_scan_required: z.boolean().default(true),
  performance_benchmarks: z.boolean().default(false),
  /** The generated config's own scan (and Jetway's scan of the config) fails at or above this. */
  fail_on_severity: Severity.default('high'),
});
export type CiQualityGates = z.infer<typeof CiQualityGates>;

/** Self-hosted runners: `count` instances always up (the group replaces one that fails), in private subnets only. */
export const CiRunners = z.object({
  count: z.number().int().min(1, 'run at least one runner').max(100, 'at most 100 runners per environment').default(2),
  /** The VM size (t3.large, Standard_D2s_v5, n2-standard-2 …); default: the provider's 2-vCPU general-purpose size. */
  instance_type: z.string().min(1).optional(),
});
export type CiRunners = z.infer<typeof CiRunners>;

/** Where builds keep their artifacts: a private, encrypted, versioned bucket whose objects expire after `retention_days`. */
export const ArtifactStorage = z.object({
  retention_days: z.number().int().min(1, 'keep artifacts at least 1 day').max(3650, 'keep artifacts at most 3650 days (10 years)').default(30),
});
export type ArtifactStorage = z.infer<typeof ArtifactStorage>;

/**
 * The seed's `generate_infrastructure_code` step: Terraform for the pipeline's own infrastructure,
 * one root per deployment environment (identical but for their tfvars) holding the network and
 * keys, `ci_runners`, `artifact_storage`, a container registry (`container_registries`) and the
 * audit logs — all private and encrypted, scanned by the same IaC rules as the infrastructure pipeline's.
 */
export const CiInfrastructure = z.object({
  cloud_provider: CloudProvider,
  /** The region (location on Azure) of every environment; default: the provider generator's (eu-west-1, westeurope, europe-west1). */
  region: z.string().min(1).optional(),
  ci_runners: CiRunners.default(() => CiRunners.parse({})),
  artifact_storage: ArtifactStorage.default(() => ArtifactStorage.parse({})),
  /** A container registry per environment: ECR (scan on push, immutable tags), ACR or Artifact Registry; all private. */
  container_registries: z.boolean().default(true),
  /** The environments provisioned (one Terraform root each); default: those of `deployment_targets`. */
  deployment_environments: z.array(Environment).min(1, 'name at least one environment, or leave the field out to take those of deployment_targets').optional(),
});
export type CiInfrastructure = z.infer<typeof CiInfrastructure>;

/** The infrastructure block as the generate step is given it: the environments resolved (promotion order, no repeats) and the owner its resources are tagged with. */
export const CiInfrastructureSpec = CiInfrastructure.extend({
  deployment_environments: z.array(Environment).min(1),
  /** Who asked: the `owner` tag of every resource. */
  owner: z.string().min(1),
});
export type CiInfrastructureSpec = z.infer<typeof CiInfrastructureSpec>;

/** Per-step deadlines in seconds of the CI/CD setup pipeline (defaults: the step kinds'). */
export const CiSetupDeadlines = deadlinesFor(['analyze', 'generate', 'scan', 'validate', 'prove', 'publish', 'approval']);

/**
 * A CI/CD setup request; inputs mirror the seed spec's `ci_cd_setup_pipeline`. Jetway analyses the
 * project at `project_path` (a directory, or a local git repository at `ref`), writes CI
 * configuration for each platform in `ci_platform`, scans and validates it with the platforms'
 * own validators, proves its build and test commands, and proposes it as a git branch
 * `jetway/ci-setup-<run id>` (a directory that is not a repository gets a patch file instead).
 */
export const CiCdSetupRequest = z.object({
  kind: z.literal('ci_cd_setup'),
  idempotency_key: z.string().min(8, 'use at least 8 characters').max(200),
  requested_by: z.string().min(1).default('unknown'),
  /** Names the run and the notifications; defaults to the project directory's name. */
  application_name: AppName.optional(),
  project_path: z.string().min(1, 'give the path of the project: a directory or a local git repository'),
  /** The git ref to analyse and branch from; default the checked-out HEAD. Ignored for a plain directory. */
  ref: z.string().min(1).optional(),
  ci_platform: z.union([CiPlatform, z.array(CiPlatform).min(1, 'name at least one CI platform')], {
    error: (issue) => (issue.input === undefined ? undefined : `must be one of ${CiPlatform.options.join(', ')}, or a list of them`),
  }),
  project_type: ProjectType,
  deployment_targets: z.array(DeploymentTarget).default([]),
  quality_gates: CiQualityGates.default(() => CiQualityGates.parse({})),
  branching_strategy: BranchingStrategy.default('github_flow'),
  /** Terraform for the pipeline's infrastructure (runners, artifact storage, registries, environments), under `infrastructure/`. */
  infrastructure: CiInfrastructure.optional(),
  /** With approvers, publishing the branch waits for an allowed approver (as production does). */
  approval: ApprovalPolicy.default(() => ApprovalPolicy.parse({})),
  notifications: NotificationPolicy.default(() => NotificationPolicy.parse({})),
  deadlines: CiSetupDeadlines,
}).superRefine((request, ctx) => {
  if (request.infrastructure && !request.infrastructure.deployment_environments && request.deployment_targets.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['infrastructure', 'deployment_environments'],
      message: 'name the environments to provision (development, staging, production), or add deployment_targets: their environments are the default',
      input: undefined,
    });
  }
});
export type CiCdSetupRequest = z.infer<typeof CiCdSetupRequest>;

/** The platforms of a request, one or several, without repeats. */
export function platformsOf(request: Pick<CiCdSetupRequest, 'ci_platform'>): CiPlatform[] {
  return [...new Set(Array.isArray(request.ci_platform) ? request.ci_platform : [request.ci_platform])];
}

/** `application_name`, or the project directory's name made into an application name. */
export function applicationOf(request: Pick<CiCdSetupRequest, 'application_name' | 'project_path'>): string {
  if (request.application_name) return request.application_name;
  const base = request.project_path.replace(/\/+$/, '').split('/').pop() ?? '';
  const name = base.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '').slice(0, 63);
  return name || 'project';
}

/**
 * The request's infrastructure block as the generate step takes it (undefined without one): its
 * environments, or those of the deployment targets, in promotion order without repeats.
 */
export function ciInfrastructureOf(request: Pick<CiCdSetupRequest, 'infrastructure' | 'deployment_targets' | 'requested_by'>): CiInfrastructureSpec | undefined {
  const block = request.infrastructure;
  if (!block) return undefined;
  const wanted = new Set(block.deployment_environments ?? request.deployment_targets.map((target) => target.environment));
  const deployment_environments = ENVIRONMENT_ORDER.filter((environment) => wanted.has(environment));
  return CiInfrastructureSpec.parse({ ...block, deployment_environments, owner: request.requested_by });
}
