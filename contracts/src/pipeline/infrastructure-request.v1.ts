import { z } from 'zod';
import { AppName } from '../common';
import { ApprovalPolicy, NotificationPolicy } from './inputs';

// The infrastructure pipeline's request (issue 11): inputs as the seed spec's
// `infrastructure_pipeline` has them, plus the IaC tool and seed 002's optional image build
// (Packer) and configuration (Ansible) stages. Not yet a member of PipelineRequest.

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

export const InfrastructureRequest = z
  .object({
    kind: z.literal('infrastructure'),
    idempotency_key: z.string().min(8, 'use at least 8 characters').max(200),
    requested_by: z.string().min(1).default('unknown'),
    /** The stack: names the run, its lock and its changelog. */
    stack: AppName,
    application_requirements: ApplicationRequirements,
    cloud_provider: CloudProvider,
    environment_type: EnvironmentType,
    compliance_requirements: z.array(ComplianceFramework).default([]),
    budget_constraints: BudgetConstraints,
    iac_tool: IacTool.default('terraform'),
    image_build: ImageBuildStage.optional(),
    configuration: ConfigurationStage.optional(),
    approval: ApprovalPolicy.default(() => ApprovalPolicy.parse({})),
    notifications: NotificationPolicy.default(() => NotificationPolicy.parse({})),
  })
  .superRefine((request, ctx) => {
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
