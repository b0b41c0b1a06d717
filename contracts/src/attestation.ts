import { z } from 'zod';
import { Digest, Environment, RunId } from './common';
import { HealthCheck, RunSpec } from './pipeline/request.v1';

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

/**
 * How a release runs: part of its identity (the same digest started another way is another
 * release) and what the deployer needs to start it again after a restart.
 */
export const ReleaseSpec = z.object({
  replicas: z.number().int().min(1),
  run: RunSpec,
  health_check: HealthCheck,
});
export type ReleaseSpec = z.infer<typeof ReleaseSpec>;

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
  /** Absent in entries written before the spec was recorded: such a release cannot be restored. */
  spec: ReleaseSpec.optional(),
});
export type Release = z.infer<typeof Release>;

/**
 * `approver.<name>` in the approvers bucket: who may sign approval decisions under that name. An
 * operator enrols it (`jetway approvers enrol`); the planner verifies each decision's signature
 * against `public_key`, so typing `--as alice` proves nothing without alice's seed.
 */
export const ApproverEnrolment = z.object({
  name: z.string().min(1).regex(/^[^:\s]+$/, 'must not contain spaces or ":" (policy:auto is the planner itself)'),
  /** The approver's public nkey (a user key: `U` + 55 base32 characters). */
  public_key: z.string().regex(/^U[A-Z2-7]{55}$/, 'must be a public user nkey (U + 55 characters), e.g. from `nsc generate nkey --user`'),
  enrolled_by: z.string().min(1),
  enrolled_at: z.string(),
});
export type ApproverEnrolment = z.infer<typeof ApproverEnrolment>;
