import { cloudSpecOf, infrastructureSpecOf, InfrastructureRequest, type CloudSpec } from '@jetway/contracts';
import { generateTerraform } from '../generate-terraform';
import { schemaErrors, wiringErrors, type ProviderSchema } from '../terraform-checks.testing';
import { AZURERM_VERSION } from './azure-provider';
import schema from './azurerm-schema.json';

const AZURERM = schema as ProviderSchema;
const spec = (compute: 'containers' | 'vms' | 'serverless' | 'hybrid', types: string[], zones: string[], external: boolean): CloudSpec =>
  cloudSpecOf(
    infrastructureSpecOf(
      InfrastructureRequest.parse({
        kind: 'infrastructure', idempotency_key: 'shop-infra-0001', stack: 'shop', requested_by: 'platform', cloud_provider: 'azure', environment_type: 'production', budget_constraints: { monthly_limit: 5000 },
        application_requirements: { compute: { type: compute }, storage: { types, capacity: '100GB' }, networking: { security_zones: zones, external_access: external } },
      }),
    ),
  )!;

const CASES = [
  ['containers', ['object', 'relational_database', 'cache'], ['public', 'private', 'data'], true],
  ['vms', ['object', 'relational_database', 'cache'], ['public', 'private', 'data', 'management'], true],
  ['serverless', ['object'], ['private'], false],
  ['hybrid', ['relational_database', 'cache'], ['private', 'data'], false],
  ['vms', [], ['management'], false],
] as const;

describe('the Terraform generator (azure)', () => {
  it(`is checked against azurerm ${AZURERM.provider_version}, the version it pins (${AZURERM_VERSION})`, () => {
    expect(AZURERM.from).toBe('@cdktf/provider-azurerm@14.23.1');
    expect(AZURERM_VERSION).toBe(`~> ${AZURERM.provider_version.split('.').slice(0, 2).join('.')}`);
  });

  it.each(CASES)('%s with %j in zones %j (external %s): every type, argument and block is in the azurerm schema, every required one set', async (compute, types, zones, external) => {
    const files = generateTerraform(spec(compute, [...types], [...zones], external));
    expect(await schemaErrors(files, AZURERM)).toEqual([]);
    expect(await wiringErrors(files)).toEqual([]);
  });

  it('the schema check names an unknown argument, a missing required one and an unknown type', async () => {
    const files = generateTerraform(spec('vms', ['object'], ['private'], false)).map((f) =>
      f.path === 'modules/data/main.tf' ? { ...f, content: f.content.replace('min_tls_version', 'minimum_tls_version').replace('account_tier = "Standard"', '') + '\nresource "azurerm_bucket" "x" {}\n' } : f,
    );
    expect((await schemaErrors(files, AZURERM)).sort()).toEqual([
      'modules/data/main.tf: azurerm_bucket is not in the azurerm 4.55.0 schema snapshot (@cdktf/provider-azurerm@14.23.1)',
      'modules/data/main.tf: azurerm_storage_account.data: minimum_tls_version is not an argument or block of this type',
      'modules/data/main.tf: azurerm_storage_account.data: required argument account_tier is missing',
    ]);
  });

  it('the wiring check names an undeclared variable and a module output that does not exist', async () => {
    const files = generateTerraform(spec('vms', ['object'], ['private'], false)).map((f) =>
      f.path === 'modules/compute/main.tf' ? { ...f, content: f.content.replace('var.vm_sku', 'var.vm_size') } : f.path === 'environments/production/main.tf' ? { ...f, content: f.content.replaceAll('module.network.resource_group_name', 'module.network.rg') } : f,
    );
    expect(await wiringErrors(files)).toEqual(['modules/compute/main.tf: var.vm_size is not defined', 'environments/production/main.tf: module.network.rg is not an output of modules/network']);
  });
});
