import { z } from 'zod';
import { AppName, Environment, Severity } from '../common';
import { deadlinesFor } from '../step/deadlines';
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
  /** With approvers, publishing the branch waits for an allowed approver (as production does). */
  approval: ApprovalPolicy.default(() => ApprovalPolicy.parse({})),
  notifications: NotificationPolicy.default(() => NotificationPolicy.parse({})),
  deadlines: CiSetupDeadlines,
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
