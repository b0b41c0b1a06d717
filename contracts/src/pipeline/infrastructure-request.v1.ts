import { z } from 'zod';
import { AppName, Digest } from '../common';
import { deadlinesFor } from '../step/deadlines';
import { ApprovalPolicy, NotificationPolicy } from './inputs';
import { messagingSchema } from './messaging-declaration';

// The infrastructure pipeline's request: inputs as the seed spec's `infrastructure_pipeline` has
// them (cloud infrastructure, planned through Terraform), messaging infrastructure (seed 000 §6:
// JetStream streams, consumers and KV buckets, planned against a live nats-server), or both; plus
// the IaC tool and seed 002's optional image build (Packer) and configuration (Ansible) stages.

export const CloudProvider = z.enum(['aws', 'azure', 'gcp'], {
  error: (issue) => (issue.input === 'multi_cloud' ? 'multi_cloud is not supported yet: run one request per provider (aws, azure, gcp)' : undefined),
});
export type CloudProvider = z.infer<typeof CloudProvider>;

export const EnvironmentType = z.enum(['development', 'staging', 'production', 'dr']);
export type EnvironmentType = z.infer<typeof EnvironmentType>;

export const ComplianceFramework = z.enum(['hipaa', 'pci_dss', 'sox', 'gdpr', 'fedramp']);
export type ComplianceFramework = z.infer<typeof ComplianceFramework>;

/** `terraform` is planned and applied; the others are generated as files only (and say so). */
export const IacTool = z.enum(['terraform', 'pulumi', 'cloudformation', 'crossplane']);
export type IacTool = z.infer<typeof IacTool>;

/** Capacity such as `500GB`, `2TB`. */
const Capacity = z.string().regex(/^\d+(\.\d+)?\s*(GB|TB)$/i, 'must be a size such as "500GB" or "2TB"');

export const ApplicationRequirements = z.object({
  compute: z.object({
    type: z.enum(['containers', 'vms', 'serverless', 'hybrid']),
    scaling: z
      .object({ min: z.number().int().min(0).default(1), max: z.number().int().min(1).default(3), target_cpu_percent: z.number().gt(0).max(100).default(70) })
      .refine((s) => s.min <= s.max, { message: 'min must not exceed max', path: ['min'] })
      .default(() => ({ min: 1, max: 3, target_cpu_percent: 70 })),
    performance: z.enum(['standard', 'high']).default('standard'),
  }),
  storage: z
    .object({
      types: z.array(z.enum(['object', 'block', 'relational_database', 'cache'])).default([]),
      capacity: Capacity.optional(),
      performance: z.enum(['standard', 'high']).default('standard'),
    })
    .default(() => ({ types: [], performance: 'standard' as const })),
  networking: z.object({
    topology: z.enum(['single_vpc', 'hub_spoke', 'multi_region']).default('single_vpc'),
    security_zones: z.array(z.enum(['public', 'private', 'data', 'management'])).min(1, 'name at least one security zone'),
    external_access: z.boolean().default(false),
  }),
});
export type ApplicationRequirements = z.infer<typeof ApplicationRequirements>;

export const BudgetConstraints = z.object({
  monthly_limit: z.number().gt(0, 'must be above 0 (US dollars per month)'),
  optimization_priority: z.enum(['performance', 'cost', 'balanced']).default('balanced'),
});

/** An Ansible stage: a playbook (relative paths resolve against the request file) run against an inventory. */
export const ConfigurationStage = z.object({
  playbook: z.string().min(1),
  inventory: z.string().min(1).default('localhost,'),
});

export const ImageBuildStage = z.object({ template: z.string().min(1) });

/** A smoke test run after each environment's apply: an HTTP GET that must answer `expect_status`. */
export const SmokeTest = z.object({
  name: z.string().min(1).max(100),
  url: z.url(),
  expect_status: z.number().int().min(100).max(599).default(200),
});

/** How often the stack is re-planned against what runs, once applied (`jetway drift` checks at once). */
export const DriftSchedule = z.object({ interval_seconds: z.number().int().min(1, 'check at most once a second').max(7 * 86_400) });

/**
 * What a rollback run re-applies (`jetway rollback <stack> --infra`): changelog entry `sequence`
 * of `environment`, whose generated files had `digest`. The run is planned, reviewed and applied
 * like any other; its generate step fails unless the spec still generates exactly those files.
 */
export const InfraRestore = z.object({
  environment: EnvironmentType,
  sequence: z.number().int().min(1),
  digest: Digest,
  /**
   * Who asked for the rollback. The request's `requested_by` stays the entry's: it is in the
   * generated files (the owner tag), so changing it would not restore them.
   */
  requested_by: z.string().min(1).max(200).optional(),
});
export type InfraRestore = z.infer<typeof InfraRestore>;

/** The step kinds of an infrastructure run, for its `deadlines` block. */
export const INFRA_STEP_KINDS = ['infra-generate', 'infra-scan', 'infra-plan', 'infra-apply', 'infra-configure', 'infra-verify', 'approval'] as const;

/** What a stack is — the request without the run's own fields — declared once for the request and the spec its steps carry. */
const STACK_FIELDS = {
  requested_by: z.string().min(1).default('unknown'),
  /** The stack: names the run, its lock and its changelog. */
  stack: AppName,
  /** Cloud infrastructure (with `cloud_provider` and `budget_constraints`); absent for a messaging-only stack. */
  application_requirements: ApplicationRequirements.optional(),
  cloud_provider: CloudProvider.optional(),
  environment_type: EnvironmentType,
  compliance_requirements: z.array(ComplianceFramework).default([]),
  budget_constraints: BudgetConstraints.optional(),
  iac_tool: IacTool.default('terraform'),
  /** JetStream streams, consumers and KV buckets, planned and applied against the mesh's nats-server. */
  messaging: messagingSchema.optional(),
  image_build: ImageBuildStage.optional(),
  configuration: ConfigurationStage.optional(),
  smoke_tests: z.array(SmokeTest).max(20).default([]),
  drift: DriftSchedule.optional(),
  /** Set by `jetway rollback <stack> --infra`: this run re-applies an earlier changelog entry (see InfraRestore). */
  restores: InfraRestore.optional(),
};

export const InfrastructureRequest = z
  .object({
    kind: z.literal('infrastructure'),
    idempotency_key: z.string().min(8, 'use at least 8 characters').max(200),
    ...STACK_FIELDS,
    approval: ApprovalPolicy.default(() => ApprovalPolicy.parse({})),
    notifications: NotificationPolicy.default(() => NotificationPolicy.parse({})),
    deadlines: deadlinesFor(INFRA_STEP_KINDS),
  })
  .superRefine((request, ctx) => {
    const missing = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message, input: undefined });
    const applies = environmentsOf(request.environment_type);
    if (request.restores && !applies.includes(request.restores.environment)) {
      const { environment } = request.restores;
      ctx.addIssue({
        code: 'custom',
        path: ['restores', 'environment'],
        message: `a run of environment_type ${request.environment_type} applies ${applies.join(' then ')}, so it cannot restore an entry of ${environment}: use the environment_type the entry's spec has`,
        input: undefined,
      });
    }
    if (!request.application_requirements && !request.messaging) {
      missing('application_requirements', 'declare application_requirements (cloud infrastructure, with cloud_provider and budget_constraints) or messaging (JetStream streams, consumers, KV buckets), or both');
      return;
    }
    if (!request.application_requirements) {
      if (request.cloud_provider) missing('cloud_provider', 'a cloud provider needs application_requirements: say what to build, or drop cloud_provider for a messaging-only stack');
      if (request.image_build) missing('image_build', 'an image build (Packer) needs application_requirements with compute type vms');
      return;
    }
    if (!request.cloud_provider) missing('cloud_provider', 'name the cloud provider of application_requirements: aws, azure or gcp');
    if (!request.budget_constraints) missing('budget_constraints', 'set budget_constraints.monthly_limit (US dollars per month): the cost estimate is checked against it');
    const zones = request.application_requirements.networking.security_zones;
    if (request.application_requirements.networking.external_access && !zones.includes('public')) {
      ctx.addIssue({
        code: 'custom',
        path: ['application_requirements', 'networking', 'external_access'],
        message: `external access needs a public security zone, but security_zones is [${zones.join(', ')}]: add "public" or set external_access to false`,
        input: undefined,
      });
    }
    if (request.image_build && request.application_requirements.compute.type !== 'vms') {
      ctx.addIssue({ code: 'custom', path: ['image_build'], message: `an image build (Packer) is for compute type vms, not ${request.application_requirements.compute.type}`, input: undefined });
    }
  });
export type InfrastructureRequest = z.infer<typeof InfrastructureRequest>;

/** What a stack is, without the run's own fields: what generate and drift checks work from. */
export const InfrastructureSpec = z.object(STACK_FIELDS);
export type InfrastructureSpec = z.infer<typeof InfrastructureSpec>;

/** The cloud part of a request, when it has one: the fields the Terraform generators need, all present. */
export type CloudSpec = InfrastructureSpec & Required<Pick<InfrastructureSpec, 'application_requirements' | 'cloud_provider' | 'budget_constraints'>>;

export function cloudSpecOf(spec: InfrastructureSpec): CloudSpec | undefined {
  return spec.application_requirements && spec.cloud_provider && spec.budget_constraints ? (spec as CloudSpec) : undefined;
}

/** The spec of a request: what its generate step is given. */
export function infrastructureSpecOf(request: InfrastructureRequest): InfrastructureSpec {
  const { kind: _kind, idempotency_key: _key, approval: _approval, notifications: _notifications, deadlines: _deadlines, ...spec } = request;
  return InfrastructureSpec.parse(spec);
}

/**
 * The environments a run applies, in order: production and dr only after staging (the seeds'
 * NEVER: nothing reaches production without staging validation); staging and development alone.
 */
export function environmentsOf(type: EnvironmentType): EnvironmentType[] {
  return type === 'production' || type === 'dr' ? ['staging', type] : [type];
}
