import type { CiInfrastructureSpec, CloudSpec, EnvironmentType } from '@jetway/contracts';
import type { Layer } from '../generate-terraform';
import { ref, type Block, type Value } from '../hcl-writer';

// What the CI/CD infrastructure adds to a provider's layers: the seed's ci_runners,
// artifact_storage and container_registries, and the egress the runners reach their CI server by.

/** The modules of the CI infrastructure, in the order a reader meets them. */
export const CI_MODULES = ['network', 'security', 'egress', 'artifacts', 'registry', 'runners', 'observability'] as const;
export type CiModule = (typeof CI_MODULES)[number];

/** The provider layers the CI infrastructure takes as they are: the network, the keys, the audit logs. */
export type ReusedModule = Extract<CiModule, Layer>;
export const isReused = (module: CiModule): module is ReusedModule => module === 'network' || module === 'security' || module === 'observability';

/** A provider's CI modules: each a function of the spec, written with the provider's own block helpers. */
export interface CiLayers extends Readonly<Record<Exclude<CiModule, ReusedModule>, (spec: CiInfrastructureSpec) => Block[]>> {
  /** A reused layer as the CI infrastructure takes it (what it leaves out, say why); default: all of it. */
  reuse?(layer: Layer, blocks: Block[]): Block[];
  /** The values the CI modules read from an environment's tfvars, over the provider's own parameters. */
  parameters(spec: CiInfrastructureSpec, environment: EnvironmentType): Record<string, Value>;
  /** CI module variable → the output of another module that feeds it (over the provider's wiring). */
  readonly wiring: Readonly<Record<string, string>>;
}

/** The CI network's range per environment: apart from the application stacks' 10.10–10.40, so the two can be peered. */
export const CI_CIDR: Readonly<Record<EnvironmentType, string>> = { development: '10.130.0.0/16', staging: '10.110.0.0/16', production: '10.120.0.0/16', dr: '10.140.0.0/16' };

/** The runner image: what only the account knows, named plainly so a plan fails on it rather than guessing. */
export const RUNNER_IMAGE = 'REPLACE-ME: the runner image (the CI platform agent installed, e.g. built by Packer)';

/** The Terraform stack name of an application's CI infrastructure: apart from the application's own stack. */
export const ciStackName = (application: string): string => `${application}-ci`;

/**
 * The provider layers' input for the CI infrastructure: one private zone (the runners reach out
 * through the egress module, nothing reaches in), object storage (the artifacts: Azure audits its
 * blob access), VMs (the runners). The layers read the stack, requester and `application_requirements`
 * only; the budget is not the CI request's concern (its scan does not cost).
 */
export function foundationSpec(spec: CiInfrastructureSpec, application: string): CloudSpec {
  return {
    stack: ciStackName(application),
    requested_by: spec.owner,
    cloud_provider: spec.cloud_provider,
    environment_type: spec.deployment_environments.at(-1) ?? 'staging',
    compliance_requirements: [],
    iac_tool: 'terraform',
    smoke_tests: [],
    budget_constraints: { monthly_limit: 1, optimization_priority: 'balanced' },
    application_requirements: {
      compute: { type: 'vms', scaling: { min: spec.ci_runners.count, max: spec.ci_runners.count, target_cpu_percent: 70 }, performance: 'standard' },
      storage: { types: ['object'], performance: 'standard' },
      networking: { topology: 'single_vpc', security_zones: ['private'], external_access: false },
    },
  };
}

/** The blocks without those at the given addresses (`aws_security_group.app`, `output.app_security_group_id`). */
export function omit(blocks: readonly Block[], addresses: readonly string[]): Block[] {
  return blocks.filter((block) => !addresses.includes([block.type === 'resource' ? undefined : block.type, ...block.labels].filter(Boolean).join('.')));
}

/**
 * A JSON document (an IAM or bucket policy) as an HCL string whose `${…}` stay interpolations:
 * Terraform fills in the ARNs, and the IaC rules still read the statements as JSON.
 */
export const jsonWithReferences = (document: unknown): Value => ref(JSON.stringify(JSON.stringify(document)));
