import { parse } from '@cdktn/hcl2json';
import { cloudSpecOf, infrastructureSpecOf, InfrastructureRequest, type CloudSpec } from '@jetway/contracts';
import { generateTerraform } from './generate-terraform';

const request = (compute: 'containers' | 'vms' | 'serverless' | 'hybrid') =>
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
    cloud_provider: 'aws',
    environment_type: 'production',
    budget_constraints: { monthly_limit: 2000 },
  });

const cloudOf = (parsed: InfrastructureRequest): CloudSpec => cloudSpecOf(infrastructureSpecOf(parsed))!;

describe('the Terraform generator (aws)', () => {
  it.each(['containers', 'vms', 'serverless', 'hybrid'] as const)('writes the five layers and a root per environment type as HCL a real parser reads (%s)', async (compute) => {
    const files = generateTerraform(cloudOf(request(compute)));
    expect(files.map((f) => f.path)).toEqual([
      'modules/network/main.tf', 'modules/security/main.tf', 'modules/data/main.tf', 'modules/compute/main.tf', 'modules/observability/main.tf',
      'environments/development/main.tf', 'environments/development/terraform.tfvars', 'environments/staging/main.tf', 'environments/staging/terraform.tfvars',
      'environments/production/main.tf', 'environments/production/terraform.tfvars', 'environments/dr/main.tf', 'environments/dr/terraform.tfvars',
    ]);
    for (const file of files) await expect(parse(file.path, file.content)).resolves.toBeDefined();
  });

  it('keeps the environments in parity: the same root, only the tfvars differ', async () => {
    const files = new Map(generateTerraform(cloudOf(request('containers'))).map((f) => [f.path, f.content]));
    expect(files.get('environments/staging/main.tf')).toBe(files.get('environments/production/main.tf'));
    const staging = (await parse('staging.tfvars', files.get('environments/staging/terraform.tfvars') ?? '')) as Record<string, unknown>;
    const production = (await parse('production.tfvars', files.get('environments/production/terraform.tfvars') ?? '')) as Record<string, unknown>;
    expect(Object.keys(staging).sort()).toEqual(Object.keys(production).sort());
    expect({ staging: staging['multi_az'], production: production['multi_az'] }).toEqual({ staging: false, production: true });
    const root = (await parse('main.tf', files.get('environments/production/main.tf') ?? '')) as { variable: Record<string, unknown>; module: Record<string, unknown> };
    expect(Object.keys(root.variable).sort()).toEqual(Object.keys(production).sort());
    expect(Object.keys(root.module).sort()).toEqual(['compute', 'data', 'network', 'observability', 'security']);
  });

  it('says which providers have no generator yet', () => {
    expect(() => generateTerraform({ ...cloudOf(request('vms')), cloud_provider: 'gcp' })).toThrow('cloud_provider gcp: only aws has a Terraform generator yet');
  });
});
