import { parse } from '@cdktn/hcl2json';
import { generateTerraform } from '@jetway/builder';
import { cloudSpecOf, environmentsOf, infrastructureSpecOf, InfrastructureRequest, type CloudProvider, type CloudSpec, type EnvironmentType } from '@jetway/contracts';
import { scanTerraform } from '@jetway/scanner';

/** What the builder generates passes the scanner's own IaC rules, read as each environment applies it, for every provider. */
const cloudOf = (parsed: InfrastructureRequest): CloudSpec => cloudSpecOf(infrastructureSpecOf(parsed))!;

const request = (provider: CloudProvider, environmentType: EnvironmentType, compute: 'hybrid' | 'serverless') =>
  InfrastructureRequest.parse({
    kind: 'infrastructure',
    idempotency_key: 'shop-infra-0001',
    stack: 'shop',
    requested_by: 'platform',
    application_requirements: {
      compute: { type: compute },
      storage: { types: ['object', 'relational_database', 'cache'], capacity: '100GB' },
      networking: { security_zones: ['public', 'private', 'data', 'management'], external_access: true },
    },
    cloud_provider: provider,
    environment_type: environmentType,
    compliance_requirements: ['pci_dss', 'hipaa'],
    budget_constraints: { monthly_limit: 2000 },
  });

const PROVIDERS = ['aws', 'azure', 'gcp'] as const;
/** Every environment a run can go through, each from a run that goes through it (dr from a dr run, development from a development run). */
const RUNS = (['development', 'production', 'dr'] as const).flatMap((type) => environmentsOf(type).map((environment) => [type, environment] as const));

async function variablesOf(files: ReturnType<typeof generateTerraform>, environment: EnvironmentType): Promise<Record<string, unknown>> {
  const tfvars = files.find((f) => f.path === `environments/${environment}/terraform.tfvars`);
  if (!tfvars) throw new Error(`no root for ${environment}: ${files.map((f) => f.path).join(', ')}`);
  return (await parse('terraform.tfvars', tfvars.content)) as Record<string, unknown>;
}

/** The single-zone production database of each provider: the tfvars value that plants it, and the rule that must catch it. */
const SINGLE_ZONE = {
  aws: { variable: 'multi_az', value: false, rule: 'IAC007' },
  azure: { variable: 'postgres_high_availability', value: 'SameZone', rule: 'IAC030' },
  gcp: { variable: 'sql_availability_type', value: 'ZONAL', rule: 'IAC051' },
} as const;

describe.each(PROVIDERS)('generated Terraform (%s) against the IaC policy rules', (provider) => {
  it.each(RUNS)('a %s run, %s: no finding', async (type, environment) => {
    for (const compute of ['hybrid', 'serverless'] as const) {
      const spec = request(provider, type, compute);
      const files = generateTerraform(cloudOf(spec));
      const findings = await scanTerraform(files, { environment, compliance: spec.compliance_requirements, variables: await variablesOf(files, environment) });
      expect({ compute, findings: findings.map((f) => `${f.rule} ${f.file}:${f.line} ${f.subject}: ${f.message}`) }).toEqual({ compute, findings: [] });
    }
  });

  it(`the same files with production’s database in one zone fail ${SINGLE_ZONE[provider].rule} in production only`, async () => {
    const files = generateTerraform(cloudOf(request(provider, 'production', 'hybrid')));
    const { variable, value, rule } = SINGLE_ZONE[provider];
    const variables = { ...(await variablesOf(files, 'production')), [variable]: value };
    const production = await scanTerraform(files, { environment: 'production', compliance: ['pci_dss'], variables });
    expect(production.map((f) => f.rule)).toEqual([rule]);
    expect(production[0]?.file).toBe('modules/data/main.tf');
    const staging = await scanTerraform(files, { environment: 'staging', compliance: ['pci_dss'], variables });
    expect(staging).toEqual([]);
  });
});
