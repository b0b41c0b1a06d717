import { parse } from '@cdktn/hcl2json';
import { generateTerraform } from '@jetway/builder';
import { cloudSpecOf, infrastructureSpecOf, InfrastructureRequest, type CloudSpec } from '@jetway/contracts';
import { scanTerraform } from '@jetway/scanner';

/** What the builder generates passes the scanner's own IaC rules, read as each environment applies it. */
const cloudOf = (parsed: InfrastructureRequest): CloudSpec => cloudSpecOf(infrastructureSpecOf(parsed))!;

describe('generated Terraform against the IaC policy rules', () => {
  const request = InfrastructureRequest.parse({
    kind: 'infrastructure',
    idempotency_key: 'shop-infra-0001',
    stack: 'shop',
    requested_by: 'platform',
    application_requirements: {
      compute: { type: 'hybrid' },
      storage: { types: ['object', 'relational_database', 'cache'], capacity: '100GB' },
      networking: { security_zones: ['public', 'private', 'data', 'management'], external_access: true },
    },
    cloud_provider: 'aws',
    environment_type: 'production',
    compliance_requirements: ['pci_dss', 'hipaa'],
    budget_constraints: { monthly_limit: 2000 },
  });
  const files = generateTerraform(cloudOf(request));

  it.each(['staging', 'production'] as const)('%s: no finding', async (environment) => {
    const tfvars = files.find((f) => f.path === `environments/${environment}/terraform.tfvars`);
    const variables = (await parse('terraform.tfvars', tfvars?.content ?? '')) as Record<string, unknown>;
    const findings = await scanTerraform(files, { environment, compliance: request.compliance_requirements, variables });
    expect(findings.map((f) => `${f.rule} ${f.file}:${f.line} ${f.subject}: ${f.message}`)).toEqual([]);
  });

  it('the same files with production’s database in one zone fail IAC007 in production only', async () => {
    const tfvars = files.find((f) => f.path === 'environments/production/terraform.tfvars');
    const variables = { ...((await parse('terraform.tfvars', tfvars?.content ?? '')) as Record<string, unknown>), multi_az: false };
    const findings = await scanTerraform(files, { environment: 'production', compliance: ['pci_dss'], variables });
    expect(findings.map((f) => f.rule)).toEqual(['IAC007']);
  });
});
