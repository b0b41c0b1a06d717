import { parse } from '@cdktn/hcl2json';
import { cloudSpecOf, infrastructureSpecOf, InfrastructureRequest, type CloudProvider, type CloudSpec, type EnvironmentType } from '@jetway/contracts';
import { generateTerraform } from './generate-terraform';
import { wiringErrors } from './terraform-checks.testing';

type Compute = 'containers' | 'vms' | 'serverless' | 'hybrid';
const request = (provider: CloudProvider, compute: Compute, environment: EnvironmentType = 'production') =>
  InfrastructureRequest.parse({
    kind: 'infrastructure',
    idempotency_key: 'shop-infra-0001',
    stack: 'shop',
    requested_by: 'platform',
    application_requirements: {
      compute: { type: compute },
      storage: { types: ['object', 'relational_database', 'cache'], capacity: '100GB' },
      networking: { security_zones: ['public', 'private', 'data'], external_access: true },
    },
    cloud_provider: provider,
    environment_type: environment,
    budget_constraints: { monthly_limit: 2000 },
  });

const cloudOf = (parsed: InfrastructureRequest): CloudSpec => cloudSpecOf(infrastructureSpecOf(parsed))!;
const PROVIDERS = ['aws', 'azure', 'gcp'] as const;
const COMPUTE = ['containers', 'vms', 'serverless', 'hybrid'] as const;

describe('the Terraform generator', () => {
  it.each(PROVIDERS.flatMap((p) => COMPUTE.map((c) => [p, c] as const)))('%s (%s): five layers and two environments, parsed by a real HCL2 parser, every reference resolved', async (provider, compute) => {
    const files = generateTerraform(cloudOf(request(provider, compute)));
    expect(files.map((f) => f.path)).toEqual([
      'modules/network/main.tf', 'modules/security/main.tf', 'modules/data/main.tf', 'modules/compute/main.tf', 'modules/observability/main.tf',
      'environments/staging/main.tf', 'environments/staging/terraform.tfvars', 'environments/production/main.tf', 'environments/production/terraform.tfvars',
    ]);
    for (const file of files) await expect(parse(file.path, file.content)).resolves.toBeDefined();
    expect(await wiringErrors(files)).toEqual([]);
  });

  it.each(PROVIDERS)('%s: keeps the environments in parity — the same root, only the tfvars differ', async (provider) => {
    const files = new Map(generateTerraform(cloudOf(request(provider, 'containers'))).map((f) => [f.path, f.content]));
    expect(files.get('environments/staging/main.tf')).toBe(files.get('environments/production/main.tf'));
    const staging = (await parse('staging.tfvars', files.get('environments/staging/terraform.tfvars') ?? '')) as Record<string, unknown>;
    const production = (await parse('production.tfvars', files.get('environments/production/terraform.tfvars') ?? '')) as Record<string, unknown>;
    expect(Object.keys(staging).sort()).toEqual(Object.keys(production).sort());
    const zoneSetting = { aws: 'multi_az', azure: 'postgres_high_availability', gcp: 'sql_availability_type' }[provider];
    expect({ staging: staging[zoneSetting], production: production[zoneSetting] }).toEqual(
      { aws: { staging: false, production: true }, azure: { staging: 'SameZone', production: 'ZoneRedundant' }, gcp: { staging: 'ZONAL', production: 'REGIONAL' } }[provider],
    );
    const root = (await parse('main.tf', files.get('environments/production/main.tf') ?? '')) as { variable: Record<string, unknown>; module: Record<string, unknown>; terraform: Array<Record<string, unknown>> };
    expect(Object.keys(root.variable).sort()).toEqual(Object.keys(production).sort());
    expect(Object.keys(root.module).sort()).toEqual(['compute', 'data', 'network', 'observability', 'security']);
    const backend = Object.keys((root.terraform[0]?.['backend'] as Record<string, unknown> | undefined) ?? {});
    expect(backend).toEqual([{ aws: 's3', azure: 'azurerm', gcp: 'gcs' }[provider]]);
  });

  it.each([
    ['development', ['development']],
    ['staging', ['staging']],
    ['production', ['staging', 'production']],
    ['dr', ['staging', 'dr']],
  ] as const)('writes a root for each environment a %s run goes through', async (type, environments) => {
    for (const provider of PROVIDERS) {
      const files = generateTerraform(cloudOf(request(provider, 'vms', type)));
      expect(files.filter((f) => f.path.startsWith('environments/')).map((f) => f.path)).toEqual(environments.flatMap((e) => [`environments/${e}/main.tf`, `environments/${e}/terraform.tfvars`]));
      expect(await wiringErrors(files)).toEqual([]);
      const tfvars = (await parse('t.tfvars', files.find((f) => f.path === `environments/${environments.at(-1)}/terraform.tfvars`)?.content ?? '')) as Record<string, unknown>;
      expect(tfvars['environment']).toBe(environments.at(-1));
    }
  });

  it('wires every module by value, whatever the order of the layers (network reads the security layer’s key)', () => {
    const root = generateTerraform(cloudOf(request('aws', 'vms'))).find((f) => f.path === 'environments/production/main.tf')?.content ?? '';
    expect(root).toMatch(/module "network" \{[^}]*kms_key_arn = module\.security\.kms_key_arn/);
    expect(root).toMatch(/module "security" \{[^}]*vpc_id = module\.network\.vpc_id/);
  });

  it('names an unknown provider', () => {
    expect(() => generateTerraform({ ...cloudOf(request('aws', 'vms')), cloud_provider: 'oracle' as CloudProvider })).toThrow('cloud_provider oracle: no Terraform generator (aws, azure or gcp)');
  });
});
