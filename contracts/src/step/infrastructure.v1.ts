import { z } from 'zod';
import { AppName, Digest } from '../common';
import { EnvironmentType, IacTool, InfrastructureSpec } from '../pipeline/infrastructure-request.v1';
import { StepRef, stepFinished } from './lifecycle';

// The infrastructure pipeline's own steps: generate → scan → per environment (staging first):
// plan → review (approval) → apply → [configure] → verify.

const Stack = AppName;
/** sha256 (hex) of what was reviewed: the plan file, or the canonical messaging plan. */
export const PlanHash = z.string().regex(/^[0-9a-f]{64}$/, 'must be the 64 hex digits of a plan hash (jetway status shows it)');

/** Generate the stack's IaC files from its spec. */
export const InfraGenerateTriggered = StepRef.extend({ spec: InfrastructureSpec, environments: z.array(EnvironmentType).min(1) });
export type InfraGenerateTriggered = z.infer<typeof InfraGenerateTriggered>;
export const InfraGenerateFinished = stepFinished(
  z.object({
    /** The generated files in the Object Store, content-addressed. */
    digest: Digest,
    files: z.array(z.string()),
    tool: IacTool,
    /** True when nothing can be planned or applied here (pulumi, cloudformation, crossplane): files only. */
    generate_only: z.boolean(),
  }),
);

export const IacFindingSummary = z.object({
  rule_id: z.string().min(1),
  severity: z.enum(['low', 'medium', 'high', 'critical']),
  file: z.string(),
  line: z.number().int().min(0),
  message: z.string().max(1000),
  /** The compliance frameworks of the request this finding breaks. */
  frameworks: z.array(z.string()).default([]),
});
export type IacFindingSummary = z.infer<typeof IacFindingSummary>;

export const CostLine = z.object({ address: z.string().min(1), monthly_usd: z.number().min(0) });
export const CostSummary = z.object({
  monthly_usd: z.number().min(0),
  limit_usd: z.number().positive(),
  /** The largest items, most expensive first. */
  largest: z.array(CostLine).max(10),
  /** Date and source of the price table the estimate used. */
  prices: z.string().min(1),
});
export type CostSummary = z.infer<typeof CostSummary>;

/** Scan the generated IaC with Jetway's policy rules and cost it against the budget. */
export const InfraScanTriggered = StepRef.extend({ stack: Stack, digest: Digest, spec: InfrastructureSpec });
export type InfraScanTriggered = z.infer<typeof InfraScanTriggered>;
export const InfraScanFinished = stepFinished(
  z.object({
    rules_run: z.number().int().min(0),
    findings: z.array(IacFindingSummary).max(200),
    /** Absent for a stack with no cloud part (messaging only): nothing to cost. */
    cost: CostSummary.optional(),
    /** Object Store name of the SARIF log. */
    sarif_object: z.string().min(1).optional(),
  }),
);

/** One resource the plan touches, with Terraform's action words. */
export const PlannedChange = z.object({ address: z.string().min(1), action: z.string().min(1) });
export type PlannedChange = z.infer<typeof PlannedChange>;

/** What an approver reviews: counts as Terraform counts them, the addresses, and what is protected. */
export const InfraPlanReview = z.object({
  hash: PlanHash,
  environment: EnvironmentType,
  add: z.number().int().min(0),
  change: z.number().int().min(0),
  destroy: z.number().int().min(0),
  import: z.number().int().min(0).default(0),
  changes: z.array(PlannedChange).max(500),
  /** Destroyed resources of a protected kind (databases, buckets, keys): these need a second approver. */
  protected_destroys: z.array(z.string()).default([]),
  /** What the configuration stage would change (`ansible-playbook --check --diff`), one line per task. */
  configuration: z.array(z.string()).max(200).default([]),
});
export type InfraPlanReview = z.infer<typeof InfraPlanReview>;

/** Lock the stack's environments, then plan one environment. */
export const InfraPlanTriggered = StepRef.extend({
  stack: Stack,
  digest: Digest,
  environment: EnvironmentType,
  /** Every environment of the run: all locked before the first plan. */
  lock_environments: z.array(EnvironmentType).min(1),
  spec: InfrastructureSpec,
});
export type InfraPlanTriggered = z.infer<typeof InfraPlanTriggered>;
export const InfraPlanFinished = stepFinished(z.object({ plan: InfraPlanReview }));

/** Apply exactly the reviewed plan (its hash checked). */
export const InfraApplyTriggered = StepRef.extend({
  stack: Stack,
  digest: Digest,
  environment: EnvironmentType,
  plan_hash: PlanHash,
  spec: InfrastructureSpec,
  /** Who approved the plan (the changelog records them); `policy:auto` when the policy did. */
  approved_by: z.array(z.string()).default([]),
});
export type InfraApplyTriggered = z.infer<typeof InfraApplyTriggered>;
export const InfraApplyFinished = stepFinished(
  z.object({
    plan_hash: PlanHash,
    /** Terraform's "Apply complete! …" line, or the messaging changes applied. */
    applied: z.array(z.string()).max(500),
    /** The stack's changelog entry this apply appended. */
    changelog_sequence: z.number().int().min(1),
    /** True when this plan had already been applied (a redelivery after a crash): nothing ran again. */
    already_applied: z.boolean().default(false),
  }),
);

/** Run the configuration stage (Ansible) against the environment's targets, then again to prove no change. */
export const InfraConfigureTriggered = StepRef.extend({ stack: Stack, digest: Digest, environment: EnvironmentType, spec: InfrastructureSpec });
export type InfraConfigureTriggered = z.infer<typeof InfraConfigureTriggered>;
export const InfraConfigureFinished = stepFinished(
  z.object({ changed_first: z.number().int().min(0), changed_second: z.number().int().min(0), tasks: z.array(z.string()).max(200) }),
);

export const InfraCheck = z.object({ name: z.string().min(1), passed: z.boolean(), detail: z.string().max(2000).optional() });
/** Verify the environment: messaging probes, the spec's smoke tests. */
export const InfraVerifyTriggered = StepRef.extend({ stack: Stack, digest: Digest, environment: EnvironmentType, spec: InfrastructureSpec });
export type InfraVerifyTriggered = z.infer<typeof InfraVerifyTriggered>;
export const InfraVerifyFinished = stepFinished(z.object({ checks: z.array(InfraCheck) }));
