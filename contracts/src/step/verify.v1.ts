import { z } from 'zod';
import { AppName, Digest, Environment } from '../common';
import { StepRef, stepFinished } from './lifecycle';

/**
 * Verify a deployed release through its stable URL; on success the deployer writes the
 * `verified` attestation for (environment, digest) that production's gate reads.
 */
export const VerifyTriggered = StepRef.extend({
  application: AppName,
  environment: Environment,
  digest: Digest,
  url: z.string().url(),
  health_path: z.string().regex(/^\//, 'must start with /'),
  checks: z.number().int().min(1).max(100).default(3),
});
export type VerifyTriggered = z.infer<typeof VerifyTriggered>;

export const VerifyFinished = stepFinished(z.object({ checks_passed: z.number().int().min(0) }));
export type VerifyFinished = z.infer<typeof VerifyFinished>;
