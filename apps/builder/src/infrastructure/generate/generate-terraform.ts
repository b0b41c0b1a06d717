import type { CloudSpec } from '@jetway/contracts';
import { computeLayer, dataLayer, observabilityLayer } from './aws-data-layers';
import { networkLayer, securityLayer } from './aws-layers';
import { nested, ref, writeHcl, type Block, type Body, type Value } from './hcl-writer';

export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

// Every environment_type a run can apply (contracts: environmentsOf): one root each, so any run finds its roots.
const ENVIRONMENTS = ['development', 'staging', 'production', 'dr'] as const;

/** What differs between environments: the parameters only (the spec's environment parity). */
function parameters(request: CloudSpec, environment: (typeof ENVIRONMENTS)[number]): Record<string, Value> {
  const production = environment === 'production';
  const performance = request.application_requirements.compute.performance === 'high';
  return {
    name: request.stack,
    environment,
    region: 'eu-west-1',
    cidr_block: production ? '10.20.0.0/16' : '10.10.0.0/16',
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

const LAYERS = ['network', 'security', 'data', 'compute', 'observability'] as const;

function layerBlocks(request: CloudSpec, layer: (typeof LAYERS)[number]): Block[] {
  switch (layer) {
    case 'network': return networkLayer(request);
    case 'security': return securityLayer(request);
    case 'data': return dataLayer(request);
    case 'compute': return computeLayer(request);
    case 'observability': return observabilityLayer();
  }
}

/** The variables a module declares: what its call passes (from the environment's vars or other modules). */
function declared(blocks: readonly Block[]): string[] {
  return blocks.filter((b) => b.type === 'variable').map((b) => b.labels[0] ?? '');
}

const WIRING: Record<string, string> = {
  vpc_id: 'module.network.vpc_id',
  subnet_ids: 'module.network.private_subnet_ids',
  kms_key_arn: 'module.security.kms_key_arn',
  security_group_id: 'module.security.app_security_group_id',
};

/** The environment root: provider, backend, one call per module, variables filled from tfvars. */
function environmentRoot(modules: ReadonlyArray<{ layer: string; blocks: Block[] }>, names: readonly string[]): Block[] {
  const versions: Block = { type: 'terraform', labels: [], body: { required_version: '>= 1.6, < 2.0', required_providers: nested({ aws: { source: 'hashicorp/aws', version: '~> 5.40' } }) } };
  const provider: Block = { type: 'provider', labels: ['aws'], body: { region: ref('var.region'), default_tags: nested({ tags: ref('var.tags') }) } };
  const variables = names.map((name): Block => ({ type: 'variable', labels: [name], body: {} }));
  const calls = modules.map(({ layer, blocks }): Block => {
    const body: Record<string, Value> = { source: `../../modules/${layer}` };
    for (const name of declared(blocks)) body[name] = ref(layer !== 'network' && WIRING[name] ? WIRING[name]! : `var.${name}`);
    return { type: 'module', labels: [layer], body: body as Body };
  });
  return [versions, provider, ...variables, ...calls];
}

/** `key = value` lines of a tfvars file, written by the same HCL writer (as attributes of no block). */
function tfvars(values: Record<string, Value>): string {
  return writeHcl([{ type: 'locals', labels: [], body: values }]).replace(/^locals \{\n/, '').replace(/\n\}\n$/, '\n').replace(/^ {2}/gm, '');
}

/**
 * Terraform for AWS by the spec's layers (one module each) and one root per environment whose
 * only differences are its tfvars: same modules, same calls. Written as HCL by the HCL writer.
 */
export function generateTerraform(request: CloudSpec): GeneratedFile[] {
  if (request.cloud_provider !== 'aws') throw new Error(`cloud_provider ${request.cloud_provider}: only aws has a Terraform generator yet`);
  const modules = LAYERS.map((layer) => ({ layer, blocks: layerBlocks(request, layer) }));
  const wired = new Set(Object.keys(WIRING));
  const used = new Set(modules.flatMap(({ blocks }) => declared(blocks)).filter((name) => !wired.has(name)));
  const names = Object.keys(parameters(request, 'staging')).filter((name) => used.has(name));
  const files: GeneratedFile[] = modules.map(({ layer, blocks }) => ({ path: `modules/${layer}/main.tf`, content: writeHcl(blocks) }));
  for (const environment of ENVIRONMENTS) {
    const values = parameters(request, environment);
    files.push({ path: `environments/${environment}/main.tf`, content: writeHcl(environmentRoot(modules, names)) });
    files.push({ path: `environments/${environment}/terraform.tfvars`, content: tfvars(Object.fromEntries(names.map((name) => [name, values[name]!]))) });
  }
  return files;
}
