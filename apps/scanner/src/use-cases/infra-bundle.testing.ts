import { INFRA_BUNDLE_FORMAT, InfrastructureSpec, type EnvironmentType, type StackManifest } from '@jetway/contracts';
import { packFiles, type BundleFile } from '@jetway/messaging';
import { CLEAN_MAIN_TF } from '../iac/iac-fixtures.testing';

/** The clean configuration as one shared module whose database zones come from each environment's tfvars. */
export const APP_MODULE_TF = `${CLEAN_MAIN_TF.replace('multi_az                = true', 'multi_az                = var.multi_az')}
variable "multi_az" {
  type = bool
}
`;

/** An environment root as the generator writes one: pinned provider, the module called with the environment's values. */
export const ROOT_TF = `terraform {
  required_version = ">= 1.6, < 2.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }
}

variable "multi_az" {
  type = bool
}

module "app" {
  source   = "../../modules/app"
  multi_az = var.multi_az
}
`;

export const INFRA_SPEC: InfrastructureSpec = InfrastructureSpec.parse({
  stack: 'shop',
  requested_by: 'alice',
  application_requirements: {
    compute: { type: 'containers' },
    storage: { types: ['relational_database', 'object', 'cache'] },
    networking: { security_zones: ['public', 'private', 'data'], external_access: true },
  },
  cloud_provider: 'aws',
  environment_type: 'production',
  compliance_requirements: ['hipaa'],
  budget_constraints: { monthly_limit: 500 },
  iac_tool: 'terraform',
});

export function manifestFile(manifest: Partial<StackManifest> = {}): BundleFile {
  const full: StackManifest = { stack: 'shop', tool: 'terraform', environments: ['staging', 'production'], generate_only: false, cloud_provider: 'aws', has_messaging: false, has_configuration: false, ...manifest };
  return { path: 'jetway-stack.json', content: `${JSON.stringify(full, null, 2)}\n` };
}

/**
 * A Terraform bundle: one module (`module` replaces the clean one) and a root per environment,
 * each environment's database multi-AZ as `multiAz` says (true unless named).
 */
export function terraformBundle(options: { module?: string; multiAz?: Partial<Record<EnvironmentType, boolean>>; environments?: EnvironmentType[] } = {}): BundleFile[] {
  const environments = options.environments ?? ['staging', 'production'];
  return [
    manifestFile({ environments }),
    { path: 'modules/app/main.tf', content: options.module ?? APP_MODULE_TF },
    ...environments.flatMap((env) => [
      { path: `environments/${env}/main.tf`, content: ROOT_TF },
      { path: `environments/${env}/terraform.tfvars`, content: `multi_az = ${String(options.multiAz?.[env] ?? true)}\n` },
    ]),
  ];
}

/** Packs the files as the infra-generate step stores them. */
export function packInfraBundle(files: readonly BundleFile[]): { digest: string; bytes: Buffer } {
  return packFiles(INFRA_BUNDLE_FORMAT, files);
}
