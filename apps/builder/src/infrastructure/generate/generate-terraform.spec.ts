import { parse } from '@cdktn/hcl2json';
import { cloudSpecOf, infrastructureSpecOf, InfrastructureRequest, type CloudProvider, type CloudSpec, type EnvironmentType } from '@jetway/contracts';
import schema from './aws-schema.json';
import { AWS_PROVIDER_VERSION, generateTerraform } from './generate-terraform';
import { schemaErrors, wiringErrors, type ProviderSchema } from './terraform-checks.testing';

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
const AWS = schema as ProviderSchema;
/** An aws request with the given compute, storage types and zones (the schema check's cases). */
const awsSpec = (compute: Compute, types: string[], zones: string[], external: boolean): CloudSpec =>
  cloudOf(
    InfrastructureRequest.parse({
      kind: 'infrastructure', idempotency_key: 'shop-infra-0001', stack: 'shop', requested_by: 'platform', cloud_provider: 'aws', environment_type: 'production', budget_constraints: { monthly_limit: 5000 },
      application_requirements: { compute: { type: compute }, storage: { types, capacity: '100GB' }, networking: { security_zones: zones, external_access: external } },
    }),
  );
const AWS_CASES = [
  ['containers', ['object', 'relational_database', 'cache'], ['public', 'private', 'data'], true],
  ['vms', ['object', 'relational_database', 'cache'], ['public', 'private', 'data', 'management'], true],
  ['serverless', ['object'], ['private'], false],
  ['hybrid', ['relational_database', 'cache'], ['private', 'data'], false],
  ['vms', [], ['management'], false],
] as const;
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

  it(`aws: is checked against aws ${AWS.provider_version}, the version it pins (${AWS_PROVIDER_VERSION})`, () => {
    expect(AWS.from).toBe('@cdktf/provider-aws@19.65.1');
    expect(AWS_PROVIDER_VERSION).toBe(`~> ${AWS.provider_version.split('.').slice(0, 2).join('.')}`);
  });

  it.each(AWS_CASES)('aws %s with %j in zones %j (external %s): every type, argument and block is in the aws schema, every required one set', async (compute, types, zones, external) => {
    const files = generateTerraform(awsSpec(compute, [...types], [...zones], external));
    expect(await schemaErrors(files, AWS)).toEqual([]);
    expect(await wiringErrors(files)).toEqual([]);
  });

  it('aws: the schema check names an unknown argument (nested too), a block written as an attribute, a missing required one and an unknown type', async () => {
    const files = generateTerraform(awsSpec('hybrid', ['object', 'relational_database'], ['private'], false)).map((f) =>
      f.path === 'modules/data/main.tf'
        ? { ...f, content: f.content.replace('storage_encrypted', 'storage_encryption').replace(/^(\s*)instance_class(\s*=)/m, '$1db_class$2') + '\nresource "aws_bucket" "x" {}\n' }
        : f.path === 'modules/compute/main.tf' ? { ...f, content: f.content.replace('metadata_options {', 'metadata_options = {').replace(/encrypted(\s*=)/, 'encrypt$1').replace(/^(\s*)key_arn(\s*=)/m, '$1key_id$2') } : f,
    );
    expect((await schemaErrors(files, AWS)).sort()).toEqual([
      'modules/compute/main.tf: aws_eks_cluster.main.encryption_config[0].provider[0]: key_id is not an argument or block of this type',
      'modules/compute/main.tf: aws_eks_cluster.main.encryption_config[0].provider[0]: required argument key_arn is missing',
      'modules/compute/main.tf: aws_instance.app.root_block_device[0]: encrypt is not an argument or block of this type',
      'modules/compute/main.tf: aws_instance.app: metadata_options is a block, written as an attribute',
      'modules/data/main.tf: aws_bucket is not in the aws 5.99.1 schema snapshot (@cdktf/provider-aws@19.65.1)',
      'modules/data/main.tf: aws_db_instance.main: db_class is not an argument or block of this type',
      'modules/data/main.tf: aws_db_instance.main: required argument instance_class is missing',
      'modules/data/main.tf: aws_db_instance.main: storage_encryption is not an argument or block of this type',
    ]);
  });

  it('names an unknown provider', () => {
    expect(() => generateTerraform({ ...cloudOf(request('aws', 'vms')), cloud_provider: 'oracle' as CloudProvider })).toThrow('cloud_provider oracle: no Terraform generator (aws, azure or gcp)');
  });
});
