import { z } from 'zod';
import { Digest, Environment, RunId } from './common';

/** `scan.<hex>`: the scanner's verdict on a digest. */
export const ScanAttestation = z.object({
  kind: z.literal('scan'),
  digest: Digest,
  verdict: z.enum(['pass', 'fail']),
  fail_on_severity: z.string(),
  counts: z.record(z.string(), z.number()),
  run_id: RunId,
  at: z.string(),
});
export type ScanAttestation = z.infer<typeof ScanAttestation>;

/** `verified.<env>.<hex>`: a release of this digest answered its checks in that environment. */
export const VerifiedAttestation = z.object({
  kind: z.literal('verified'),
  digest: Digest,
  environment: Environment,
  url: z.string(),
  run_id: RunId,
  at: z.string(),
});
export type VerifiedAttestation = z.infer<typeof VerifiedAttestation>;

/** `<app>.<env>` in the releases bucket. */
export const Release = z.object({
  application: z.string(),
  environment: Environment,
  digest: Digest,
  strategy: z.string(),
  url: z.string(),
  targets: z.array(z.string()),
  run_id: RunId,
  deployed_at: z.string(),
  previous: z
    .object({ digest: Digest, run_id: RunId, deployed_at: z.string() })
    .optional(),
});
export type Release = z.infer<typeof Release>;
