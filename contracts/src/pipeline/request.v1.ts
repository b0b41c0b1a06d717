import { z } from 'zod';
import { AppName, DeploymentStrategy, Environment, Severity } from '../common';

/**
 * Where the code to build comes from. `directory` and `git` (a local repository at a ref) are
 * built by the builder's command driver; registry and bucket sources are part of the contract
 * (they mirror the seed spec) but no driver fetches them yet, so their build step fails saying so.
 */
export const ArtifactSource = z.discriminatedUnion('type', [
  z.object({ type: z.literal('directory'), location: z.string().min(1, 'give the directory to build') }),
  z.object({
    type: z.literal('git'),
    location: z.string().min(1, 'give the path of a local git repository'),
    version: z.string().min(1).default('HEAD'),
  }),
  z.object({
    type: z.enum(['container_registry', 's3', 'artifact_registry']),
    location: z.string().min(1),
    version: z.string().min(1).optional(),
  }),
]);
export type ArtifactSource = z.infer<typeof ArtifactSource>;

/** The build command runs in a copy of the source; `output` (relative) is packed as the artifact. */
export const BuildSpec = z.object({
  command: z.string().min(1, 'give the shell command that builds the application'),
  output: z.string().min(1).default('.'),
  timeout_seconds: z.number().int().positive().max(3600).default(600),
});
export type BuildSpec = z.infer<typeof BuildSpec>;

/** Seconds, as in the seed spec's health_check_config. */
export const HealthCheck = z.object({
  path: z.string().regex(/^\//, 'must start with /').default('/health'),
  initial_delay: z.number().min(0).max(600).default(0),
  interval: z.number().positive().max(60).default(0.5),
  timeout: z.number().positive().max(60).default(2),
  success_threshold: z.number().int().min(1).max(20).default(1),
  failure_threshold: z.number().int().min(1).max(100).default(3),
});
export type HealthCheck = z.infer<typeof HealthCheck>;

/** How the local platform runs one instance: the port comes in through `port_env`. */
export const RunSpec = z.object({
  command: z.string().min(1, 'give the command that starts one instance, e.g. "node server.js"'),
  port_env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).default('PORT'),
  env: z.record(z.string(), z.string()).default(() => ({})),
});

export const PlatformConfig = z.object({
  type: z.enum(['local', 'kubernetes', 'ecs', 'lambda', 'vm_based']).default('local'),
  cluster: z.string().optional(),
  namespace: z.string().optional(),
  region: z.string().optional(),
  replicas: z.number().int().min(1).max(20).default(2),
  run: RunSpec,
  health_check: HealthCheck.default(() => HealthCheck.parse({})),
});
export type PlatformConfig = z.infer<typeof PlatformConfig>;

export const QualityGates = z.object({
  security_scan_required: z.boolean().default(true),
  fail_on_severity: Severity.default('high'),
});

/** Who may approve production; `auto_approve` lets the planner approve as `policy:auto`. */
export const ApprovalPolicy = z.object({
  approvers: z.array(z.string().min(1)).default([]),
  auto_approve: z.boolean().default(false),
});

/** Per-step deadlines in seconds: a step with no finished event by then fails the run. */
export const Deadlines = z.object({
  build: z.number().positive().default(600),
  scan: z.number().positive().default(300),
  deploy: z.number().positive().default(300),
  verify: z.number().positive().default(120),
  monitor: z.number().positive().default(120),
  approval: z.number().positive().default(86_400),
});
export type Deadlines = z.infer<typeof Deadlines>;

/**
 * Who hears about a run. Every outcome goes to Slack; a failure pages on-call through PagerDuty
 * only in `pagerduty_environments` (production unless the request opts other environments in).
 */
export const NotificationPolicy = z.object({
  pagerduty_environments: z.array(Environment).default(() => ['production' as const]),
});

/** SLOs the monitor-configurator turns into alert rules. */
export const SloSpec = z.object({
  availability: z.number().gt(0).lt(1).default(0.995),
  latency_p99_ms: z.number().positive().default(500),
});

/** The spec's other pipeline kinds: part of the design, not of the mesh yet. */
const LATER_KINDS = ['ci_cd_setup', 'monitoring_setup', 'infrastructure'];

function kindNotAvailable(kind: unknown): string | undefined {
  if (typeof kind === 'string' && LATER_KINDS.includes(kind)) {
    return `${kind} pipelines are not available yet: Jetway runs kind "deployment" today (README: what does not work yet)`;
  }
  return undefined;
}

/** A deployment pipeline request; inputs mirror the seed spec's `deployment_pipeline`. */
export const DeploymentRequest = z.object({
  kind: z.literal('deployment', { error: (issue) => kindNotAvailable(issue.input) }),
  idempotency_key: z.string().min(8, 'use at least 8 characters').max(200),
  requested_by: z.string().min(1).default('unknown'),
  application_name: AppName,
  artifact_source: ArtifactSource,
  build: BuildSpec,
  target_environments: z
    .array(Environment)
    .min(1, 'name at least one environment')
    .refine((envs) => new Set(envs).size === envs.length, 'environments must not repeat'),
  deployment_strategy: DeploymentStrategy.default('rolling'),
  platform_config: PlatformConfig,
  quality_gates: QualityGates.default(() => QualityGates.parse({})),
  approval: ApprovalPolicy.default(() => ApprovalPolicy.parse({})),
  deadlines: Deadlines.default(() => Deadlines.parse({})),
  slo: SloSpec.default(() => SloSpec.parse({})),
  notifications: NotificationPolicy.default(() => NotificationPolicy.parse({})),
});
export type DeploymentRequest = z.infer<typeof DeploymentRequest>;
/** What a publisher writes: defaults may be left out. */
export type DeploymentRequestInput = z.input<typeof DeploymentRequest>;
