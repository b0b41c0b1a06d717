import { z } from 'zod';
import { AppName, DeploymentStrategy, Environment } from '../common';
import { deadlinesFor } from '../step/deadlines';
import { ApprovalPolicy, ArtifactSource, BuildSpec, NotificationPolicy, PlatformConfig, QualityGates, SloSpec } from './inputs';
import { RolloutSpec } from './rollout';

export * from './inputs';

/** Per-step deadlines in seconds: a step with no finished event by then fails the run (defaults: the step kinds'). */
export const Deadlines = deadlinesFor(['build', 'scan', 'deploy', 'verify', 'monitor', 'approval']);
export type Deadlines = z.infer<typeof Deadlines>;

/** A deployment pipeline request; inputs mirror the seed spec's `deployment_pipeline`. */
export const DeploymentRequest = z.object({
  kind: z.literal('deployment'),
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
  /** How the strategy rolls out: rolling batches, blue-green promotion, canary steps and analysis (defaults: the spec's). */
  rollout: RolloutSpec.prefault({}),
  platform_config: PlatformConfig,
  quality_gates: QualityGates.default(() => QualityGates.parse({})),
  approval: ApprovalPolicy.default(() => ApprovalPolicy.parse({})),
  deadlines: Deadlines,
  slo: SloSpec.default(() => SloSpec.parse({})),
  notifications: NotificationPolicy.default(() => NotificationPolicy.parse({})),
});
export type DeploymentRequest = z.infer<typeof DeploymentRequest>;
/** What a publisher writes: defaults may be left out. */
export type DeploymentRequestInput = z.input<typeof DeploymentRequest>;
