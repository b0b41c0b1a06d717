import { createHash } from 'node:crypto';
import { ScanOutputs, ScanTriggered } from '@jetway/contracts';
import { PermanentError } from '@jetway/messaging';
import { CLEAN_MAIN_TF } from '../iac/iac-fixtures.testing';
import { IAC_RULES } from '../iac/rules';
import { RULES } from '../rules';
import { packFiles } from './archive.testing';
import { artifactObjectName } from './artifact-reader.port';
import { scanArtifact } from './scan-artifact.use-case';
import { sarifSchemaErrors } from './sarif-schema.testing';
import type { SarifLog } from './to-sarif.use-case';

// A CI bundle whose request had an infrastructure block: its pipeline files, and Terraform under
// infrastructure/ laid out as the builder writes it (manifest, modules, a root per environment).

const MODULE = CLEAN_MAIN_TF.replace('multi_az                = true', 'multi_az                = var.multi_az') + '\nvariable "multi_az" {\n  type = bool\n}\n';
const ROOT = 'module "main" {\n  source   = "../../modules/main"\n  multi_az = var.multi_az\n}\n\nvariable "multi_az" {}\n';
const MANIFEST = { stack: 'shop-ci', tool: 'terraform', environments: ['staging', 'production'], generate_only: false, cloud_provider: 'aws', has_messaging: false, has_configuration: false };
const WORKFLOW = 'name: ci\non: push\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n';

function bundle(edit: (files: Record<string, string>) => void = () => undefined): Record<string, string> {
  const files: Record<string, string> = {
    '.github/workflows/ci.yml': WORKFLOW,
    'infrastructure/jetway-stack.json': JSON.stringify(MANIFEST),
    'infrastructure/modules/main/main.tf': MODULE,
    'infrastructure/environments/staging/main.tf': ROOT,
    'infrastructure/environments/staging/terraform.tfvars': 'multi_az = true\n',
    'infrastructure/environments/production/main.tf': ROOT,
    'infrastructure/environments/production/terraform.tfvars': 'multi_az = true\n',
  };
  edit(files);
  return files;
}

async function scan(files: Record<string, string>) {
  const bytes = await packFiles(files);
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  const trigger = ScanTriggered.parse({ run_id: '01JZ3K8Q9V7W6X5Y4Z3A2B1C0D', step_id: 'scan', attempt: 1, application: 'shop', digest, fail_on_severity: 'high' });
  return scanArtifact(trigger, { reader: { get: async (name) => (name === artifactObjectName(digest) ? bytes : Promise.reject(new Error(name))) } });
}

describe('scanning a CI bundle with Terraform under infrastructure/', () => {
  it('runs every IaC rule over each environment root: a clean configuration passes, the reason says what was read, the SARIF lists the IaC rules after the scanner’s', async () => {
    const result = await scan(bundle());
    expect(result.findings).toEqual([]);
    expect(result.outputs.verdict).toBe('pass');
    expect(result.report.reason).toContain(`The Terraform in infrastructure/ (artifact) went through ${IAC_RULES.length} IaC rules for staging, production, each with its tfvars.`);
    const log = JSON.parse(result.sarif) as SarifLog;
    expect(log.runs[0]?.tool.driver.rules.map((r) => r.id)).toEqual([...RULES.map((r) => r.id), ...IAC_RULES.map((r) => r.id)]);
  });

  it('fails on a public artifact bucket, reporting the rule, the file and line, the resource, like any finding and in a valid SARIF log', async () => {
    const result = await scan(bundle((files) => {
      files['infrastructure/modules/main/main.tf'] = MODULE.replace('bucket = "shop-data"', 'bucket = "shop-data"\n  acl    = "public-read"');
    }));
    expect(result.findings).toEqual([
      { ruleId: 'IAC001', severity: 'critical', target: 'artifact', file: 'infrastructure/modules/main/main.tf', line: 25, message: 'aws_s3_bucket.data: the bucket ACL makes it readable by anyone', excerpt: 'resource "aws_s3_bucket" "data" {' },
    ]);
    expect(result.outputs.verdict).toBe('fail');
    expect(result.outputs.top_findings).toEqual([{ rule: 'IAC001', severity: 'critical', file: 'infrastructure/modules/main/main.tf', line: 25, target: 'artifact', excerpt: 'resource "aws_s3_bucket" "data" {' }]);
    expect(() => ScanOutputs.parse(result.outputs)).not.toThrow();
    expect(result.report.reason).toMatch(/^1 finding at or above high in the artifact:\n- critical IAC001 infrastructure\/modules\/main\/main\.tf:25 \(artifact\): aws_s3_bucket\.data: the bucket ACL makes it readable by anyone\n/);
    const log = JSON.parse(result.sarif) as SarifLog;
    expect(sarifSchemaErrors(log)).toEqual([]);
    const [sarif] = log.runs[0]?.results ?? [];
    expect(sarif && { rule: log.runs[0]?.tool.driver.rules[sarif.ruleIndex]?.id, level: sarif.level, uri: sarif.locations[0]?.physicalLocation.artifactLocation.uri }).toEqual({ rule: 'IAC001', level: 'error', uri: 'infrastructure/modules/main/main.tf' });
  });

  it('reads each environment as its tfvars set it: a single-zone database fails in production only', async () => {
    const result = await scan(bundle((files) => {
      files['infrastructure/environments/staging/terraform.tfvars'] = 'multi_az = false\n';
      files['infrastructure/environments/production/terraform.tfvars'] = 'multi_az = false\n';
    }));
    expect(result.findings.map((f) => [f.ruleId, f.message])).toEqual([['IAC007', 'aws_db_instance.orders: multi_az is not true in production (in production only)']]);
    expect(result.outputs.verdict).toBe('pass');
  });

  it('leaves Terraform without the manifest to the scanner’s own rules (nothing says what it is), and lists no IaC rule', async () => {
    const result = await scan(bundle((files) => {
      delete files['infrastructure/jetway-stack.json'];
      files['infrastructure/modules/main/main.tf'] = MODULE.replace('bucket = "shop-data"', 'bucket = "shop-data"\n  acl    = "public-read"');
    }));
    expect(result.findings).toEqual([]);
    expect((JSON.parse(result.sarif) as SarifLog).runs[0]?.tool.driver.rules).toHaveLength(RULES.length);
  });

  it.each([
    ['an environment without its root', (files: Record<string, string>) => void delete files['infrastructure/environments/production/main.tf'], 'infrastructure/jetway-stack.json names environment production, but infrastructure/environments/production/ holds no .tf file: the bundle is not what its manifest says'],
    ['a manifest that is not one', (files: Record<string, string>) => void (files['infrastructure/jetway-stack.json'] = JSON.stringify({ ...MANIFEST, tool: 'chef' })), 'infrastructure/jetway-stack.json tool: must be one of "terraform", "pulumi", "cloudformation", "crossplane"'],
    ['a file that is not HCL', (files: Record<string, string>) => void (files['infrastructure/modules/main/main.tf'] = 'resource "aws_s3_bucket" "x" {'), 'infrastructure/modules/main/main.tf does not parse as HCL'],
  ])('refuses %s, naming it', async (_name, edit, message) => {
    const scanned = scan(bundle(edit));
    await expect(scanned).rejects.toBeInstanceOf(PermanentError);
    await expect(scanned).rejects.toThrow(message);
  });
});
