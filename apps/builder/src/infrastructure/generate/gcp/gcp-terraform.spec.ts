import { cloudSpecOf, infrastructureSpecOf, InfrastructureRequest, type CloudSpec } from '@jetway/contracts';
import { generateTerraform } from '../generate-terraform';
import { schemaErrors, wiringErrors, type ProviderSchema } from '../terraform-checks.testing';
import { GOOGLE_VERSION } from './gcp-provider';
import schema from './google-schema.json';

const GOOGLE = schema as ProviderSchema;
const spec = (compute: 'containers' | 'vms' | 'serverless' | 'hybrid', types: string[], zones: string[], external: boolean): CloudSpec =>
  cloudSpecOf(
    infrastructureSpecOf(
      InfrastructureRequest.parse({
        kind: 'infrastructure', idempotency_key: 'shop-infra-0001', stack: 'shop', requested_by: 'Platform Team', cloud_provider: 'gcp', environment_type: 'production', budget_constraints: { monthly_limit: 5000 },
        application_requirements: { compute: { type: compute }, storage: { types, capacity: '100GB' }, networking: { security_zones: zones, external_access: external } },
      }),
    ),
  )!;

const CASES = [
  ['containers', ['object', 'relational_database', 'cache'], ['public', 'private', 'data'], true],
  ['vms', ['object', 'relational_database', 'cache'], ['public', 'private', 'data', 'management'], true],
  ['serverless', ['object'], ['private'], false],
  ['hybrid', ['relational_database', 'cache'], ['private', 'data'], false],
  ['vms', ['cache'], ['management'], false],
] as const;

describe('the Terraform generator (gcp)', () => {
  it(`is checked against google ${GOOGLE.provider_version}, the version it pins (${GOOGLE_VERSION})`, () => {
    expect(GOOGLE.from).toBe('@cdktf/provider-google@16.12.1');
    expect(GOOGLE_VERSION).toBe(`~> ${GOOGLE.provider_version.split('.').slice(0, 2).join('.')}`);
  });

  it.each(CASES)('%s with %j in zones %j (external %s): every type, argument and block is in the google schema, every required one set', async (compute, types, zones, external) => {
    const files = generateTerraform(spec(compute, [...types], [...zones], external));
    expect(await schemaErrors(files, GOOGLE)).toEqual([]);
    expect(await wiringErrors(files)).toEqual([]);
  });

  it('writes labels Google accepts (lowercase, no spaces)', () => {
    const tfvars = generateTerraform(spec('vms', [], ['private'], false)).find((f) => f.path === 'environments/production/terraform.tfvars')?.content ?? '';
    expect(tfvars).toMatch(/owner += "platform_team"/);
  });

  it('the schema check names an unknown argument, a missing required one and a block written as an attribute', async () => {
    const files = generateTerraform(spec('vms', ['object'], ['private'], false)).map((f) =>
      f.path === 'modules/data/main.tf' ? { ...f, content: f.content.replace('uniform_bucket_level_access', 'uniform_access').replace(/\n {2}location = var\.bucket_location/, '').replace(/versioning \{\n\s+enabled = true\n\s+\}/, 'versioning = { enabled = true }') } : f,
    );
    expect((await schemaErrors(files, GOOGLE)).sort()).toEqual([
      'modules/data/main.tf: google_storage_bucket.data: required argument location is missing',
      'modules/data/main.tf: google_storage_bucket.data: uniform_access is not an argument or block of this type',
      'modules/data/main.tf: google_storage_bucket.data: versioning is a block, written as an attribute',
    ]);
  });
});
