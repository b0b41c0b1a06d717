import { z } from 'zod';
import { AppName, DeploymentStrategy, Digest, Environment } from '../common';
import { PlatformConfig } from '../pipeline/inputs';
import { StepRef, stepFinished } from './lifecycle';

/** Roll the artifact out to one environment; the deployer re-checks the scan attestation. */
export const DeployTriggered = StepRef.extend({
  application: AppName,
  environment: Environment,
  digest: Digest,
  strategy: DeploymentStrategy,
  platform_config: PlatformConfig,
});
export type DeployTriggered = z.infer<typeof DeployTriggered>;

export const ReleaseInfo = z.object({
  digest: Digest,
  /** The stable URL of (application, environment), served by the deployer's router. */
  url: z.string().url(),
  /** host:port of each running instance (Prometheus targets). */
  targets: z.array(z.string()),
  previous_digest: Digest.optional(),
});
export type ReleaseInfo = z.infer<typeof ReleaseInfo>;

export const DeployFinished = stepFinished(z.object({ release: ReleaseInfo }));
export type DeployFinished = z.infer<typeof DeployFinished>;
