import { artifactObjectName, sarifObjectName, type InfraScanTriggered } from '@jetway/contracts';
import { PermanentError, type BundleFile } from '@jetway/messaging';
import { IAC_RULES } from '../iac/rules';
import { APP_MODULE_TF, INFRA_SPEC, manifestFile, packInfraBundle, terraformBundle } from './infra-bundle.testing';
import { sarifSchemaErrors } from './sarif-schema.testing';
import { scanInfrastructure } from './scan-infrastructure.use-case';

const RUN_ID = '01HZX3K9V7Q8R2T4W6Y8A0C2E4';

/** Scans `files` as stored under their digest (an in-memory reader: the port, not the Object Store). */
async function scan(files: readonly BundleFile[], spec: Partial<InfraScanTriggered['spec']> = {}) {
  const { digest, bytes } = packInfraBundle(files);
  const trigger: InfraScanTriggered = { run_id: RUN_ID, step_id: 'scan', attempt: 1, stack: 'shop', digest, spec: { ...INFRA_SPEC, ...spec } };
  const stored = new Map([[artifactObjectName(digest), bytes]]);
  const result = await scanInfrastructure(trigger, { reader: { get: async (name) => stored.get(name) ?? Promise.reject(new PermanentError(`no object ${name}`)) } });
  return { ...result, digest };
}

const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('scanInfrastructure', () => {
  it('passes a clean stack: every rule on each environment, costed in production within budget, SARIF valid', async () => {
    const result = await scan(terraformBundle());
    expect(result.outcome).toBe('succeeded');
    expect(result.outputs).toMatchObject({ rules_run: IAC_RULES.length, findings: [], sarif_object: sarifObjectName(result.digest) });
    expect(result.outputs.cost).toEqual({
      monthly_usd: 199.5,
      limit_usd: 500,
      largest: [
        { address: 'aws_db_instance.orders', monthly_usd: 109.72 },
        { address: 'aws_eks_cluster.main', monthly_usd: 73 },
        { address: 'aws_instance.worker', monthly_usd: 15.18 },
        { address: 'aws_ebs_volume.scratch', monthly_usd: 1.6 },
      ],
      prices: expect.stringMatching(/^2026-11-30, AWS public on-demand list prices/),
    });
    expect(result.reason).toBe(
      [
        `no finding at or above medium in the Terraform of staging, production (${IAC_RULES.length} rules); nothing found`,
        'cost (production): estimated $199.50/month, within the budget of $500.00 (prices of 2026-11-30 for us-east-1)',
        'not priced, so not in the estimate: aws_elasticache_replication_group.sessions (no node_type: the size to price is not set); aws_s3_bucket.data (usage-based (storage, requests, transfer): not estimated)',
      ].join('\n'),
    );
    expect(result.attestation).toEqual({ verdict: 'pass', fail_on_severity: 'medium', counts: { low: 0, medium: 0, high: 0, critical: 0 } });
    expect(sarifSchemaErrors(JSON.parse(result.sarif ?? 'null'))).toEqual([]);
  });

  it('fails a planted defect in production only, naming the rule, place, environment and fix', async () => {
    const result = await scan(terraformBundle({ multiAz: { production: false } }));
    const line = lineOf(APP_MODULE_TF, 'resource "aws_db_instance" "orders"');
    expect(result.outcome).toBe('failed');
    expect(result.reason.split('\n').slice(0, 2)).toEqual([
      `1 finding at or above medium in the Terraform of staging, production (${IAC_RULES.length} rules):`,
      `- medium IAC007 Production database in one availability zone at modules/app/main.tf:${line}: aws_db_instance.orders: multi_az is not true in production (in production only) — fix: ${IAC_RULES.find((r) => r.id === 'IAC007')?.fix}`,
    ]);
    expect(result.outputs.findings).toEqual([
      { rule_id: 'IAC007', severity: 'medium', file: 'modules/app/main.tf', line, message: 'aws_db_instance.orders: multi_az is not true in production (in production only)', frameworks: ['hipaa'] },
    ]);
    expect(result.attestation).toMatchObject({ verdict: 'fail', counts: { low: 0, medium: 1, high: 0, critical: 0 } });
    const sarif = JSON.parse(result.sarif ?? 'null') as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toEqual(['IAC007']);
  });

  it('reports a defect every environment shares once, not once per environment', async () => {
    const planted = APP_MODULE_TF.replace('publicly_accessible     = false', 'publicly_accessible     = true');
    const result = await scan(terraformBundle({ module: planted }));
    expect(result.outcome).toBe('failed');
    expect(result.outputs.findings).toEqual([expect.objectContaining({ rule_id: 'IAC006', severity: 'critical', message: 'aws_db_instance.orders: publicly_accessible is true' })]);
    expect(result.reason).toMatch(/^1 finding at or above medium .*\n- critical IAC006 Database reachable from the internet at modules\/app\/main\.tf:\d+: .* — fix: Set publicly_accessible = false/);
  });

  it('passes low findings, reporting them', async () => {
    const noVersioning = APP_MODULE_TF.replace(/resource "aws_s3_bucket_versioning" "data" \{[\s\S]*?\n\}\n/, '');
    const result = await scan(terraformBundle({ module: noVersioning }));
    expect(result.outcome).toBe('succeeded');
    expect(result.outputs.findings).toEqual([expect.objectContaining({ rule_id: 'IAC004', severity: 'low' })]);
    expect(result.reason).toMatch(/; 1 low finding reported: IAC004 S3 bucket without versioning at modules\/app\/main\.tf:\d+\n/);
    expect(result.attestation).toMatchObject({ verdict: 'pass', counts: { low: 1, medium: 0 } });
  });

  it('fails over budget, naming the estimate, the limit and the largest items', async () => {
    const result = await scan(terraformBundle(), { budget_constraints: { monthly_limit: 100, optimization_priority: 'balanced' } });
    expect(result.outcome).toBe('failed');
    expect(result.reason.split('\n')[0]).toBe(
      'cost (production): estimated $199.50/month is over the budget of $100.00: the largest items are aws_db_instance.orders $109.72 (db.t3.medium × 2 (multi-AZ: true) + 20 GB); aws_eks_cluster.main $73.00 (EKS control plane × 730 h); aws_instance.worker $15.18 (t3.small × 730 h)',
    );
    expect(result.reason).toContain('no finding at or above medium');
    expect(result.outputs.cost).toMatchObject({ monthly_usd: 199.5, limit_usd: 100 });
    expect(result.attestation.verdict).toBe('fail');
    expect(result.log).toEqual({ level: 'warn', message: 'infra scan failed: over budget' });
  });

  it('costs the most production-like environment: staging alone is costed as staging', async () => {
    const result = await scan(terraformBundle({ environments: ['staging'], multiAz: { staging: false } }), { budget_constraints: { monthly_limit: 150, optimization_priority: 'cost' } });
    expect(result.outcome).toBe('succeeded');
    expect(result.reason).toContain('cost (staging): estimated $144.64/month, within the budget of $150.00');
  });

  it('says which environments of the stack had no Terraform root to scan', async () => {
    const files = terraformBundle().map((f) => (f.path === 'jetway-stack.json' ? manifestFile({ environments: ['staging', 'production', 'dr'] }) : f));
    const result = await scan(files);
    expect(result.outcome).toBe('succeeded');
    expect(result.reason).toContain('not scanned: the bundle has no Terraform root for dr (environments/dr/*.tf)');
  });

  it('says a stack’s messaging part is not for the Terraform rules', async () => {
    const files = terraformBundle().map((f) => (f.path === 'jetway-stack.json' ? manifestFile({ has_messaging: true }) : f));
    const result = await scan([...files, { path: 'messaging/declaration.json', content: '{}\n' }]);
    expect(result.outcome).toBe('succeeded');
    expect(result.reason.split('\n').at(-1)).toBe('not scanned: the messaging declaration (checked by its schema at the request)');
  });

  it('passes a messaging-only stack saying it scanned nothing', async () => {
    const files = [manifestFile({ cloud_provider: undefined, environments: ['staging'], has_messaging: true }), { path: 'messaging/declaration.json', content: '{"streams":[]}\n' }];
    const result = await scan(files, { application_requirements: undefined, cloud_provider: undefined, budget_constraints: undefined });
    expect(result).toMatchObject({
      outcome: 'succeeded',
      reason: 'no Terraform in this stack: the messaging declaration was checked by its schema at the request',
      outputs: { rules_run: 0, findings: [] },
      attestation: { verdict: 'pass' },
    });
    expect(result.outputs.cost).toBeUndefined();
    expect(result.sarif).toBeUndefined();
  });

  it('passes a generate-only tool saying its files are not scanned', async () => {
    const files = [manifestFile({ tool: 'pulumi', generate_only: true }), { path: 'pulumi/index.ts', content: 'export {};\n' }];
    const result = await scan(files, { iac_tool: 'pulumi' });
    expect(result).toMatchObject({ outcome: 'succeeded', outputs: { rules_run: 0, findings: [] }, attestation: { verdict: 'pass' } });
    expect(result.reason).toBe("generated only: pulumi files are not scanned by Jetway's Terraform rules (nor costed)");
  });

  it('refuses, as permanent, a bundle that is not what the trigger names', async () => {
    const otherStack = terraformBundle().map((f) => (f.path === 'jetway-stack.json' ? manifestFile({ stack: 'billing' }) : f));
    await expect(scan(otherStack)).rejects.toThrow(/is stack billing's, but the trigger scans stack shop/);
    await expect(scan(otherStack)).rejects.toBeInstanceOf(PermanentError);
    const noRoot = [manifestFile(), { path: 'modules/app/main.tf', content: APP_MODULE_TF }];
    await expect(scan(noRoot)).rejects.toThrow(/names cloud provider aws for \[staging, production\] but holds no environments\/<env>\/\*\.tf/);
    await expect(scan([{ path: 'README.md', content: 'hi' }])).rejects.toThrow(/has no jetway-stack\.json/);
    const broken = terraformBundle({ module: 'resource "aws_vpc" "main" {\n' });
    await expect(scan(broken)).rejects.toThrow(/modules\/app\/main\.tf does not parse as HCL/);
  });

  it('refuses bytes that are not the digest’s', async () => {
    const { digest } = packInfraBundle(terraformBundle());
    const other = packInfraBundle([manifestFile()]).bytes;
    const trigger: InfraScanTriggered = { run_id: RUN_ID, step_id: 'scan', attempt: 1, stack: 'shop', digest, spec: INFRA_SPEC };
    await expect(scanInfrastructure(trigger, { reader: { get: async () => other } })).rejects.toThrow(/^digest: the stored bundle sha256:[0-9a-f]{64} has digest sha256:[0-9a-f]{64}/);
  });
});
