import { environmentsOf, type CloudProvider, type CloudSpec, type EnvironmentType } from '@jetway/contracts';
import { computeLayer, dataLayer, observabilityLayer } from './aws-data-layers';
import { networkLayer, securityLayer } from './aws-layers';
import { AZURE } from './azure/azure-provider';
import { GCP } from './gcp/gcp-provider';
import { nested, ref, writeHcl, type Block, type Body, type Value } from './hcl-writer';
import { ENVIRONMENT_CIDRS, productionLike } from './environments';

export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

/** The spec's layers, one module each, in the order a reader meets them. */
export const LAYERS = ['network', 'security', 'data', 'compute', 'observability'] as const;
export type Layer = (typeof LAYERS)[number];

/**
 * What a cloud provider brings to the generator: its modules, what differs between environments,
 * which module variables are another module's outputs, and its root (versions, backend, provider).
 */
export interface TerraformProvider {
  layer(request: CloudSpec, layer: Layer): Block[];
  /** Every value an environment's tfvars may set (only those some module declares are written). */
  parameters(request: CloudSpec, environment: EnvironmentType): Record<string, Value>;
  /** Module variable → the output of another module that feeds it (`module.network.vpc_id`). */
  readonly wiring: Readonly<Record<string, string>>;
  /** The `terraform` block (required_version, required_providers, backend) and the provider block(s). */
  root(request: CloudSpec): Block[];
  /** Variables the root itself reads (in its provider block) besides those the modules declare. */
  readonly rootVariables?: readonly string[];
}

/** The variables a module declares: what its call passes (from the environment's vars or other modules). */
function declared(blocks: readonly Block[]): string[] {
  return blocks.filter((b) => b.type === 'variable').map((b) => b.labels[0] ?? '');
}

/** Whether `output` is another module's: a module's own outputs never feed its own variables. */
const fromOtherModule = (module: string, output: string | undefined): output is string => output !== undefined && !output.startsWith(`module.${module}.`);

/** A module of a configuration: `modules/<name>/main.tf`. */
export interface TerraformModule {
  readonly name: string;
  readonly blocks: Block[];
}

/**
 * A configuration as the generators write one: modules, and a root per environment that calls
 * each module, feeding its variables from other modules' outputs (`wiring`) or the environment's
 * tfvars (`parameters`). The roots are identical; only their tfvars differ.
 */
export interface TerraformConfiguration {
  /** Names the generator in its errors (`aws`, `aws CI infrastructure`). */
  readonly label: string;
  readonly modules: readonly TerraformModule[];
  /** Module variable → the output of another module that feeds it (`module.network.vpc_id`). */
  readonly wiring: Readonly<Record<string, string>>;
  /** The `terraform` block and the provider block(s) of every root. */
  readonly root: readonly Block[];
  /** Variables the root itself reads (in its provider block) besides those the modules declare. */
  readonly rootVariables?: readonly string[];
  readonly environments: readonly EnvironmentType[];
  /** Every value an environment's tfvars may set (only those some module declares are written). */
  parameters(environment: EnvironmentType): Record<string, Value>;
}

/** The environment root: versions, backend and provider, one call per module, variables filled from tfvars. */
function environmentRoot(config: TerraformConfiguration, names: readonly string[]): Block[] {
  const variables = names.map((name): Block => ({ type: 'variable', labels: [name], body: {} }));
  const calls = config.modules.map(({ name: module, blocks }): Block => {
    const body: Record<string, Value> = { source: `../../modules/${module}` };
    for (const name of declared(blocks)) {
      const output = config.wiring[name];
      body[name] = ref(fromOtherModule(module, output) ? output : `var.${name}`);
    }
    return { type: 'module', labels: [module], body: body as Body };
  });
  return [...config.root, ...variables, ...calls];
}

/** `key = value` lines of a tfvars file, written by the same HCL writer (as attributes of no block). */
function tfvars(values: Record<string, Value>): string {
  return writeHcl([{ type: 'locals', labels: [], body: values }]).replace(/^locals \{\n/, '').replace(/\n\}\n$/, '\n').replace(/^ {2}/gm, '');
}

/**
 * `modules/<name>/main.tf` for each module, then `environments/<env>/main.tf` and
 * `terraform.tfvars` for each environment. Throws naming the module variables that neither
 * another module's output nor the parameters fill.
 */
export function terraformFiles(config: TerraformConfiguration): GeneratedFile[] {
  const [firstEnvironment] = config.environments;
  if (firstEnvironment === undefined) throw new Error(`${config.label} generator: no environment to write a root for`);
  const known = config.parameters(firstEnvironment);
  const names = [...new Set([...config.modules.flatMap(({ name, blocks }) => declared(blocks).filter((v) => !fromOtherModule(name, config.wiring[v]))), ...(config.rootVariables ?? [])])];
  const unknown = names.filter((name) => !Object.hasOwn(known, name));
  if (unknown.length > 0) throw new Error(`${config.label} generator: module variables ${unknown.join(', ')} have neither an environment value nor a module output`);
  const files: GeneratedFile[] = config.modules.map(({ name, blocks }) => ({ path: `modules/${name}/main.tf`, content: writeHcl(blocks) }));
  const root = writeHcl(environmentRoot(config, names));
  for (const environment of config.environments) {
    const values = config.parameters(environment);
    files.push({ path: `environments/${environment}/main.tf`, content: root });
    files.push({ path: `environments/${environment}/terraform.tfvars`, content: tfvars(Object.fromEntries(names.map((name) => [name, values[name]!]))) });
  }
  return files;
}

/** The aws provider the generated code is written for (and its specs check arguments against). */
export const AWS_PROVIDER_VERSION = '~> 5.99';

/** What differs between AWS environments: the parameters only (the spec's environment parity). */
function awsParameters(request: CloudSpec, environment: EnvironmentType): Record<string, Value> {
  const production = productionLike(environment);
  const performance = request.application_requirements.compute.performance === 'high';
  return {
    name: request.stack,
    environment,
    region: environment === 'dr' ? 'eu-central-1' : 'eu-west-1',
    cidr_block: ENVIRONMENT_CIDRS[environment],
    management_cidr: '10.0.100.0/24',
    multi_az: production,
    db_instance_class: production ? 'db.m5.large' : 'db.t3.medium',
    backup_retention_days: production ? 35 : 7,
    instance_type: performance ? 'm5.large' : 't3.medium',
    tags: { owner: request.requested_by, environment, cost_center: request.stack },
    // What only the account knows: named plainly, so a plan fails on them rather than guessing.
    trail_bucket: `REPLACE-ME-audit-trail-bucket-${environment}`,
    cluster_role_arn: 'REPLACE-ME: the IAM role ARN of the EKS control plane',
    function_role_arn: 'REPLACE-ME: the IAM role ARN of the function',
    ami_id: 'REPLACE-ME: the AMI id of the Packer build',
  };
}

const AWS: TerraformProvider = {
  layer(request, layer) {
    switch (layer) {
      case 'network': return networkLayer(request);
      case 'security': return securityLayer(request);
      case 'data': return dataLayer(request);
      case 'compute': return computeLayer(request);
      case 'observability': return observabilityLayer();
    }
  },
  parameters: awsParameters,
  wiring: { vpc_id: 'module.network.vpc_id', subnet_ids: 'module.network.private_subnet_ids', kms_key_arn: 'module.security.kms_key_arn', security_group_id: 'module.security.app_security_group_id' },
  root: (request) => [
    {
      type: 'terraform',
      labels: [],
      body: {
        required_version: '>= 1.10, < 2.0',
        required_providers: nested({ aws: { source: 'hashicorp/aws', version: AWS_PROVIDER_VERSION } }),
        // The same backend in every root (parity): each environment's state is the workspace named as it.
        'backend "s3"': nested({ bucket: `${request.stack}-tfstate`, key: `${request.stack}/terraform.tfstate`, region: 'eu-west-1', encrypt: true, use_lockfile: true }),
      },
    },
    { type: 'provider', labels: ['aws'], body: { region: ref('var.region'), default_tags: nested({ tags: ref('var.tags') }) } },
  ],
};

const PROVIDERS: Readonly<Record<CloudProvider, TerraformProvider>> = { aws: AWS, azure: AZURE, gcp: GCP };

/** The Terraform generator of a cloud provider (its layers, parameters, wiring and root); throws naming an unknown one. */
export function terraformProvider(cloud: CloudProvider): TerraformProvider {
  const provider = PROVIDERS[cloud];
  if (!provider) throw new Error(`cloud_provider ${String(cloud)}: no Terraform generator (aws, azure or gcp)`);
  return provider;
}

/**
 * Terraform for the request's cloud provider by the spec's layers (one module each) and one root
 * per environment the run goes through (`environmentsOf`), whose only differences are their tfvars:
 * same modules, same calls, same backend — each environment's state is the backend workspace named
 * as the environment. Written as HCL by the HCL writer.
 */
export function generateTerraform(request: CloudSpec): GeneratedFile[] {
  const provider = terraformProvider(request.cloud_provider);
  return terraformFiles({
    label: request.cloud_provider,
    modules: LAYERS.map((layer) => ({ name: layer, blocks: provider.layer(request, layer) })),
    wiring: provider.wiring,
    root: provider.root(request),
    ...(provider.rootVariables && { rootVariables: provider.rootVariables }),
    environments: environmentsOf(request.environment_type),
    parameters: (environment) => provider.parameters(request, environment),
  });
}
