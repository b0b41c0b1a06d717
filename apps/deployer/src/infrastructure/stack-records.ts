import { z } from 'zod';
import { AppName, ChangelogEntry, Digest, EnvironmentType, InfraPlanReview, InfrastructureSpec, PlanHash, RunId, Timestamp } from '@jetway/contracts';

// The records of the stack store (KV bucket `jetway-infra`), validated on the way in and out.

/** Who holds a stack environment: taken with KV create() before planning, released when the run ends. */
export const StackLock = z.object({
  stack: AppName,
  environment: EnvironmentType,
  run_id: RunId,
  requested_by: z.string().min(1),
  /** When the lock was taken (ISO 8601). */
  since: Timestamp,
});
export type StackLock = z.infer<typeof StackLock>;

/**
 * The configuration a stack environment last had applied: what a drift check re-plans (`digest`
 * names the generated bundle, `spec` what it was generated from) and what it compares against.
 */
export const StackRecord = z.object({
  stack: AppName,
  environment: EnvironmentType,
  digest: Digest,
  plan_hash: PlanHash,
  spec: InfrastructureSpec,
  run_id: RunId,
  applied_at: Timestamp,
  /** The changelog entry of that apply. */
  sequence: z.number().int().min(1),
});
export type StackRecord = z.infer<typeof StackRecord>;

/** The JetStream part of a reviewed plan: the plan document itself (apply re-hashes it). */
export const StoredMessagingPlan = z.object({
  scope: z.object({ prefix: z.string().min(1) }),
  changes: z.array(z.record(z.string(), z.unknown())),
  /** `sha256:<hex>` as planMessaging writes it. */
  hash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  inSync: z.boolean(),
});

/**
 * A plan as it was reviewed, by its hash: apply loads it and applies exactly it. Terraform's plan
 * is a file in the deployer's data directory (its sha256 is checked before apply); the messaging
 * plan is stored whole.
 */
export const ReviewedPlan = z.object({
  hash: PlanHash,
  stack: AppName,
  environment: EnvironmentType,
  run_id: RunId,
  digest: Digest,
  planned_at: Timestamp,
  review: InfraPlanReview,
  terraform: z.object({ root: z.string().min(1), plan_file: z.string().min(1), hash: PlanHash, sentence: z.string() }).optional(),
  messaging: StoredMessagingPlan.optional(),
});
export type ReviewedPlan = z.infer<typeof ReviewedPlan>;

/**
 * Written before an apply starts (`applying`) and when it returned (`applied`): a redelivered
 * apply of a plan already applied answers from it instead of applying again; an `applying` marker
 * found on entry means an earlier attempt was interrupted mid-apply.
 */
export const ApplyMarker = z.object({
  hash: PlanHash,
  stack: AppName,
  environment: EnvironmentType,
  run_id: RunId,
  state: z.enum(['applying', 'applied']),
  started_at: Timestamp,
  /** The parts applied so far (an interrupted apply skips them when it runs again). */
  parts_done: z.array(z.enum(['terraform', 'messaging'])).default([]),
  /** The part being applied when the marker was written: found on entry, that part was interrupted. */
  in_progress: z.enum(['terraform', 'messaging']).optional(),
  /** What the applied parts reported (Terraform's "Apply complete!" line, the messaging changes). */
  applied: z.array(z.string()).optional(),
  applied_at: Timestamp.optional(),
  /** Set once the changelog entry is written. */
  sequence: z.number().int().min(1).optional(),
});
export type ApplyMarker = z.infer<typeof ApplyMarker>;

export { ChangelogEntry };

/** The store's keys (KV tokens: stack names are lower-case letters, digits and dashes). */
export const stackKeys = {
  lock: (stack: string, environment: string) => `lock.${stack}.${environment}`,
  stack: (stack: string, environment: string) => `stack.${stack}.${environment}`,
  changelog: (stack: string, environment: string, sequence: number) => `changelog.${stack}.${environment}.${String(sequence).padStart(8, '0')}`,
  plan: (hash: string) => `plan.${hash}`,
  apply: (hash: string) => `apply.${hash}`,
} as const;
