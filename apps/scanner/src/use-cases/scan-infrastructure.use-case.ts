import { parseHcl } from '../iac/hcl-parser';
import {
  CloudProvider,
  EnvironmentType,
  INFRA_BUNDLE_FORMAT,
  parseWith,
  StackManifest,
  sarifObjectName,
  type InfraScanFinished,
  type InfraScanTriggered,
  type Severity,
} from '@jetway/contracts';
import { PermanentError, unpackFiles, type BundleFile } from '@jetway/messaging';
import { z } from 'zod';
import { estimateCost, priceTableFor, type CostEstimate } from '../iac/cost/estimate-cost';
import { iacSarif } from '../iac/iac-sarif';
import { IAC_RULES } from '../iac/rules';
import { scanTerraform, type IacFinding } from '../iac/scan-iac';
import { parseTerraform } from '../iac/terraform-model';
import { SEVERITIES, severityRank } from '../rules';
import { artifactObjectName, type ArtifactReader } from './artifact-reader.port';
import { describeInfraScan, INFRA_FAIL_ON, NOTHING_SCANNED, type InfraScanReport } from './describe-infra-scan.use-case';

export type InfraScanOutputs = NonNullable<z.infer<typeof InfraScanFinished>['outputs']>;

export interface ScanInfrastructureDeps {
  reader: ArtifactReader;
}

export interface InfraScanResult extends InfraScanReport {
  outputs: InfraScanOutputs;
  /** The SARIF 2.1.0 log as JSON, to store under `outputs.sarif_object`; absent when no Terraform was scanned. */
  sarif?: string;
  /** What the scan attestation of the digest records (the planner plans nothing without a pass). */
  attestation: { verdict: 'pass' | 'fail'; fail_on_severity: Severity; counts: Record<Severity, number> };
}

/** How many findings the step's outputs carry (the contract's cap); the SARIF log has all. */
const OUTPUT_FINDINGS = 200;
/** The environment whose configuration is costed: the most production-like one scanned. */
const COST_ORDER: readonly EnvironmentType[] = ['production', 'dr', 'staging', 'development'];

/**
 * Scans the generated infrastructure bundle named by the trigger's digest: every environment's
 * Terraform root (the shared modules with that environment's tfvars) through the IaC policy
 * rules, findings merged across environments; then the most production-like environment costed
 * against the budget. Findings at or above medium, or an estimate over budget, fail the step.
 * A bundle Jetway's rules cannot read (messaging only, or a generate-only tool) passes with
 * rules_run 0 and a reason that says nothing was scanned. A bundle that is not what its digest
 * or manifest says rejects with `PermanentError`.
 */
export async function scanInfrastructure(trigger: InfraScanTriggered, deps: ScanInfrastructureDeps): Promise<InfraScanResult> {
  const files = await readBundle(trigger.digest, deps.reader);
  const manifest = readManifest(files, trigger);
  if (manifest.generate_only || manifest.tool !== 'terraform') {
    return nothingScanned(`generated only: ${manifest.tool} files are not scanned by Jetway's Terraform rules (nor costed)`);
  }
  const roots = manifest.environments.filter((environment) => rootFiles(files, environment).length > 0);
  if (roots.length === 0) {
    if (manifest.cloud_provider === undefined) return nothingScanned(NOTHING_SCANNED.messagingOnly);
    throw new PermanentError(
      `bundle ${trigger.digest}: jetway-stack.json names cloud provider ${manifest.cloud_provider} for [${manifest.environments.join(', ')}] but holds no environments/<env>/*.tf: the generate step wrote no Terraform root`,
    );
  }
  const scanned = await Promise.all(roots.map((environment) => scanEnvironment(files, environment, trigger)));
  const findings = mergeFindings(scanned, roots.length);
  const costed = scanned.find((s) => s.environment === COST_ORDER.find((e) => roots.includes(e)))!;
  const limit = budgetOf(trigger);
  const estimate = estimateCost(await parseTerraform(costed.files, costed.variables), priceTableFor(providerOf(manifest, trigger)));
  const report = describeInfraScan({
    findings,
    rulesRun: IAC_RULES.length,
    environments: roots,
    unrooted: manifest.environments.filter((e) => !roots.includes(e)),
    cost: { environment: costed.environment, estimate, limit },
    messaging: manifest.has_messaging,
  });
  const outputs: InfraScanOutputs = {
    rules_run: IAC_RULES.length,
    findings: findings.slice(0, OUTPUT_FINDINGS).map(summary),
    cost: costSummary(estimate, limit),
    sarif_object: sarifObjectName(trigger.digest),
  };
  // Over budget fails the step, and the attestation with it: nothing is planned from a failed scan.
  const verdict = report.outcome === 'succeeded' ? 'pass' : 'fail';
  return { ...report, outputs, sarif: JSON.stringify(iacSarif(findings, trigger.digest)), attestation: { verdict, fail_on_severity: INFRA_FAIL_ON, counts: countsOf(findings) } };
}

async function readBundle(digest: string, reader: ArtifactReader): Promise<BundleFile[]> {
  const bytes = await reader.get(artifactObjectName(digest));
  try {
    return unpackFiles(INFRA_BUNDLE_FORMAT, bytes, digest);
  } catch (error) {
    throw new PermanentError(`digest: ${(error as Error).message}`, { cause: error });
  }
}

function readManifest(files: readonly BundleFile[], trigger: InfraScanTriggered): StackManifest {
  const file = files.find((f) => f.path === 'jetway-stack.json');
  if (!file) throw new PermanentError(`bundle ${trigger.digest} has no jetway-stack.json: it is not what the infra-generate step stores`);
  let json: unknown;
  try {
    json = JSON.parse(file.content);
  } catch (error) {
    throw new PermanentError(`bundle ${trigger.digest}: jetway-stack.json is not JSON: ${(error as Error).message}`);
  }
  const parsed = parseWith(StackManifest, json);
  if (!parsed.ok) throw new PermanentError(`bundle ${trigger.digest}: jetway-stack.json ${parsed.error}`);
  if (parsed.data.stack !== trigger.stack) {
    throw new PermanentError(`bundle ${trigger.digest} is stack ${parsed.data.stack}'s, but the trigger scans stack ${trigger.stack}: the run passed another stack's digest`);
  }
  return parsed.data;
}

function nothingScanned(reason: string): InfraScanResult {
  return {
    outcome: 'succeeded',
    reason,
    log: { level: 'info', message: `infra scan: ${reason}` },
    outputs: { rules_run: 0, findings: [] },
    attestation: { verdict: 'pass', fail_on_severity: INFRA_FAIL_ON, counts: countsOf([]) },
  };
}

/** An environment's root: the `.tf` files directly in `environments/<env>/` (Terraform reads no subfolder). */
function rootFiles(files: readonly BundleFile[], environment: EnvironmentType): BundleFile[] {
  const root = `environments/${environment}/`;
  return files.filter((f) => f.path.startsWith(root) && f.path.endsWith('.tf') && !f.path.slice(root.length).includes('/'));
}

interface EnvironmentScan {
  environment: EnvironmentType;
  files: BundleFile[];
  variables: Record<string, unknown>;
  findings: IacFinding[];
}

/** One environment as Terraform reads it: the shared modules, its root, its tfvars. */
async function scanEnvironment(files: readonly BundleFile[], environment: EnvironmentType, trigger: InfraScanTriggered): Promise<EnvironmentScan> {
  const tfvarsPath = `environments/${environment}/terraform.tfvars`;
  const tfvars = files.find((f) => f.path === tfvarsPath);
  const scope = [...files.filter((f) => f.path.startsWith('modules/') && f.path.endsWith('.tf')), ...rootFiles(files, environment)];
  try {
    const variables = tfvars ? ((await parseHcl(tfvarsPath, tfvars.content)) as Record<string, unknown>) : {};
    const findings = await scanTerraform(scope, { environment, compliance: trigger.spec.compliance_requirements, variables });
    return { environment, files: scope, variables, findings };
  } catch (error) {
    throw new PermanentError(`bundle ${trigger.digest}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * One finding per rule, place and subject however many environments have it; a finding only some
 * environments have says which (a single-AZ database may be wrong in production alone).
 */
export function mergeFindings(scans: ReadonlyArray<Pick<EnvironmentScan, 'environment' | 'findings'>>, environmentCount: number): IacFinding[] {
  const merged = new Map<string, { finding: IacFinding; environments: EnvironmentType[] }>();
  for (const { environment, findings } of scans) {
    for (const finding of findings) {
      const key = [finding.rule, finding.file, finding.line, finding.subject, finding.message].join('\u0000');
      const entry = merged.get(key) ?? { finding, environments: [] };
      entry.environments.push(environment);
      merged.set(key, entry);
    }
  }
  const all = [...merged.values()].map(({ finding, environments }) =>
    environments.length === environmentCount ? finding : { ...finding, message: `${finding.message} (in ${environments.join(', ')} only)` },
  );
  return all.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.rule.localeCompare(b.rule) || a.file.localeCompare(b.file) || a.line - b.line);
}

function summary(finding: IacFinding): InfraScanOutputs['findings'][number] {
  const message = `${finding.subject}: ${finding.message}`;
  return {
    rule_id: finding.rule,
    severity: finding.severity,
    file: finding.file,
    line: finding.line,
    message: message.length > 1000 ? `${message.slice(0, 999)}…` : message,
    frameworks: [...finding.frameworks],
  };
}

function countsOf(findings: readonly IacFinding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

function costSummary(estimate: CostEstimate, limit: number): NonNullable<InfraScanOutputs['cost']> {
  return {
    monthly_usd: estimate.total,
    limit_usd: limit,
    largest: estimate.items.slice(0, 10).map((item) => ({ address: item.address, monthly_usd: item.monthly })),
    prices: `${estimate.table.recorded}, ${estimate.table.source}`,
  };
}

function budgetOf(trigger: InfraScanTriggered): number {
  const limit = trigger.spec.budget_constraints?.monthly_limit;
  if (limit === undefined) throw new PermanentError('spec.budget_constraints: missing for a stack with Terraform; set monthly_limit (US dollars per month) so the estimate has a budget');
  return limit;
}

function providerOf(manifest: StackManifest, trigger: InfraScanTriggered): CloudProvider {
  const provider = manifest.cloud_provider ?? trigger.spec.cloud_provider;
  if (!provider) throw new PermanentError(`bundle ${trigger.digest}: neither jetway-stack.json nor spec names a cloud_provider: the estimate needs one to pick its price table`);
  return provider;
}
