// The blocks requests are made of, shared by the pipeline kinds and the step payloads that carry them.
import { z } from 'zod';
import { Environment, Severity } from '../common';

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

/** SLOs the monitor-configurator turns into alert rules. */
export const SloSpec = z.object({
  availability: z.number().gt(0).lt(1).default(0.995),
  latency_p99_ms: z.number().positive().default(500),
});


/**
 * Who hears about a run. Every outcome goes to Slack; a failure pages on-call through PagerDuty
 * only in `pagerduty_environments` (production unless the request opts other environments in).
 */
export const NotificationPolicy = z.object({
  pagerduty_environments: z.array(Environment).default(() => ['production' as const]),
});
