import { CLEAN_MAIN_TF } from './iac-fixtures.testing';
import { IAC_RULES } from './rules';
import { scanTerraform } from './scan-iac';

const context = { environment: 'production' as const, compliance: ['pci_dss' as const] };
const scan = (content: string) => scanTerraform([{ path: 'main.tf', content }], context);

/** Each rule with the edit that plants its misconfiguration into the clean configuration. */
const PLANTED: ReadonlyArray<[string, (tf: string) => string]> = [
  ['IAC001', (tf) => tf.replace('bucket = "shop-data"', 'bucket = "shop-data"\n  acl    = "public-read"')],
  ['IAC002', (tf) => tf.replace('block_public_policy     = true', 'block_public_policy     = false')],
  ['IAC003', (tf) => tf.replace('resource "aws_s3_bucket_server_side_encryption_configuration" "data"', 'resource "aws_s3_bucket_server_side_encryption_configuration" "other"').replace('bucket = aws_s3_bucket.data.id\n  rule', 'bucket = "elsewhere"\n  rule')],
  ['IAC004', (tf) => tf.replace('bucket = aws_s3_bucket.data.id\n  versioning_configuration', 'bucket = "elsewhere"\n  versioning_configuration')],
  ['IAC005', (tf) => tf.replace('storage_encrypted       = true', 'storage_encrypted       = false')],
  ['IAC006', (tf) => tf.replace('publicly_accessible     = false', 'publicly_accessible     = true')],
  ['IAC007', (tf) => tf.replace('multi_az                = true', 'multi_az                = false')],
  ['IAC008', (tf) => tf.replace('deletion_protection     = true', 'deletion_protection     = false')],
  ['IAC009', (tf) => tf.replace('backup_retention_period = 14', 'backup_retention_period = 1')],
  ['IAC010', (tf) => tf.replace('size              = 20\n  encrypted         = true', 'size              = 20')],
  ['IAC011', (tf) => tf.replace('enable_key_rotation = true', 'enable_key_rotation = false')],
  ['IAC012', (tf) => tf.replace('cidr_blocks = ["10.0.100.0/24"]', 'cidr_blocks = ["0.0.0.0/0"]')],
  ['IAC013', (tf) => tf.replace('from_port   = 443\n    to_port     = 443', 'from_port   = 5432\n    to_port     = 5432')],
  ['IAC014', (tf) => tf.replace('protocol          = "HTTPS"', 'protocol          = "HTTP"')],
  ['IAC015', (tf) => tf.replace('transit_encryption_enabled = true', 'transit_encryption_enabled = false')],
  ['IAC016', (tf) => tf.replace('vpc_id       = aws_vpc.main.id\n  traffic_type', 'vpc_id       = "vpc-other"\n  traffic_type')],
  ['IAC017', (tf) => tf.replace('endpoint_public_access = false', 'endpoint_public_access = true')],
  ['IAC018', (tf) => tf.replace('\\"Action\\":[\\"s3:GetObject\\"]', '\\"Action\\":\\"*\\"')],
  ['IAC019', (tf) => tf.replace('\\"Action\\":[\\"s3:GetObject\\"],\\"Resource\\":[\\"arn:aws:s3:::shop-data/*\\"]', '\\"Action\\":[\\"s3:PutObject\\"],\\"Resource\\":\\"*\\"')],
  ['IAC020', (tf) => tf.replace('is_multi_region_trail      = true', 'is_multi_region_trail      = false')],
  ['IAC021', (tf) => tf.replace('  retention_in_days = 90\n', '')],
  ['IAC022', (tf) => tf.replace('resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n  tags = { owner = "platform", environment = "production", cost_center = "42" }', 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n  tags = { owner = "platform" }')],
  ['IAC023', (tf) => tf.replace('version = "~> 5.40"', 'version = ">= 5.0"')],
  ['IAC024', (tf) => tf.replace('type      = string\n  sensitive = true', 'type      = string\n  default   = "hunter2"')],
];

describe('the IaC policy rules', () => {
  it('are at least 20, each with an id, a severity, a fix and a planted misconfiguration it catches', () => {
    expect(IAC_RULES.length).toBeGreaterThanOrEqual(20);
    expect(new Set(IAC_RULES.map((r) => r.id)).size).toBe(IAC_RULES.length);
    expect(PLANTED.map(([id]) => id).sort()).toEqual(IAC_RULES.map((r) => r.id).sort());
    for (const rule of IAC_RULES) expect(rule.fix.length).toBeGreaterThan(10);
  });

  it('pass a clean configuration', async () => {
    expect(await scan(CLEAN_MAIN_TF)).toEqual([]);
  });

  it.each(PLANTED)('%s fails on its planted misconfiguration, naming the file and line', async (id, plant) => {
    const planted = plant(CLEAN_MAIN_TF);
    expect(planted).not.toBe(CLEAN_MAIN_TF);
    const findings = await scan(planted);
    expect(findings.map((f) => f.rule)).toEqual([id]);
    const [finding] = findings;
    expect(finding?.file).toBe('main.tf');
    expect(planted.split('\n')[(finding?.line ?? 0) - 1]).toMatch(/resource "|variable "|aws = \{/);
  });

  it('names the requested frameworks a finding concerns, and refuses a file that does not parse', async () => {
    const [finding] = await scan(CLEAN_MAIN_TF.replace('publicly_accessible     = false', 'publicly_accessible     = true'));
    expect(finding?.frameworks).toEqual(['pci_dss']);
    await expect(scan('resource "aws_s3_bucket" "x" {')).rejects.toThrow(/^main\.tf does not parse as HCL/);
  });
});
