import { CLEAN_AZURE_TF, PLANTED_AZURE } from './iac-fixtures-azure.testing';
import { CLEAN_GCP_TF, PLANTED_GCP } from './iac-fixtures-gcp.testing';
import { CLEAN_MAIN_TF, PLANTED_AWS } from './iac-fixtures.testing';
import { IAC_RULES } from './rules';
import { scanTerraform } from './scan-iac';

const context = { environment: 'production' as const, compliance: ['pci_dss' as const] };
const scan = (content: string) => scanTerraform([{ path: 'main.tf', content }], context);

/** Per provider: a clean configuration and the planted misconfigurations of its rules. */
const PROVIDERS = [
  ['aws', CLEAN_MAIN_TF, PLANTED_AWS],
  ['azure', CLEAN_AZURE_TF, PLANTED_AZURE],
  ['gcp', CLEAN_GCP_TF, PLANTED_GCP],
] as const;
const PLANTED = PROVIDERS.flatMap(([provider, clean, planted]) => planted.map(([id, plant]) => [provider, id, clean, plant] as const));

/** The planted defects that fail exactly their own rule (what the closing note quotes as N/N). */
async function caught(): Promise<{ caught: number; planted: number; missed: string[] }> {
  const missed: string[] = [];
  for (const [provider, id, clean, plant] of PLANTED) {
    const rules = (await scan(plant(clean))).map((f) => f.rule);
    if (rules.length !== 1 || rules[0] !== id) missed.push(`${provider} ${id}: [${rules.join(', ')}]`);
  }
  return { caught: PLANTED.length - missed.length, planted: PLANTED.length, missed };
}

describe('the IaC policy rules', () => {
  it('are at least 10 per provider, each with an id, a severity, a fix and a planted misconfiguration it catches', () => {
    expect(new Set(IAC_RULES.map((r) => r.id)).size).toBe(IAC_RULES.length);
    expect(IAC_RULES.map((r) => r.id)).toEqual(IAC_RULES.map((_, i) => `IAC${String(i + 1).padStart(3, '0')}`));
    expect([...new Set(PLANTED.map(([, id]) => id))].sort()).toEqual(IAC_RULES.map((r) => r.id).sort());
    for (const [, , planted] of PROVIDERS) expect(planted.length).toBeGreaterThanOrEqual(10);
    for (const rule of IAC_RULES) expect(rule.fix.length).toBeGreaterThan(10);
  });

  it.each(PROVIDERS)('pass a clean %s configuration', async (_provider, clean) => {
    expect(await scan(clean)).toEqual([]);
  });

  it.each(PLANTED.map(([provider, id, clean, plant]) => [`${provider} ${id}`, id, clean, plant] as const))('%s fails on its planted misconfiguration, naming the file and line', async (_name, id, clean, plant) => {
    const planted = plant(clean);
    expect(planted).not.toBe(clean);
    const findings = await scan(planted);
    expect(findings.map((f) => f.rule)).toEqual([id]);
    const [finding] = findings;
    expect(finding?.file).toBe('main.tf');
    expect(planted.split('\n')[(finding?.line ?? 0) - 1]).toMatch(/resource "|variable "|\w+ = \{/);
  });

  it('catch every planted defect: N/N', async () => {
    const result = await caught();
    // Printed for the closing note (the count quoted is this line's).
    process.stdout.write(`IaC rules: ${IAC_RULES.length}; planted defects caught: ${result.caught}/${result.planted}\n`);
    expect(result).toEqual({ caught: PLANTED.length, planted: PLANTED.length, missed: [] });
  });

  it('names the requested frameworks a finding concerns, and refuses a file that does not parse', async () => {
    const [finding] = await scan(CLEAN_MAIN_TF.replace('publicly_accessible     = false', 'publicly_accessible     = true'));
    expect(finding?.frameworks).toEqual(['pci_dss']);
    await expect(scan('resource "aws_s3_bucket" "x" {')).rejects.toThrow(/^main\.tf does not parse as HCL/);
  });

  it('reads the single-zone rules for dr as for production, and not for staging', async () => {
    const single = { aws: ['IAC007', PLANTED_AWS], azure: ['IAC030', PLANTED_AZURE], gcp: ['IAC051', PLANTED_GCP] } as const;
    for (const [provider, clean] of PROVIDERS) {
      const [id, planted] = single[provider];
      const tf = planted.find(([rule]) => rule === id)![1](clean);
      const rulesIn = async (environment: 'staging' | 'dr') => (await scanTerraform([{ path: 'main.tf', content: tf }], { environment, compliance: [] })).map((f) => f.rule);
      expect({ provider, dr: await rulesIn('dr'), staging: await rulesIn('staging') }).toEqual({ provider, dr: [id], staging: [] });
    }
  });
});
