import { parseHcl } from '../iac/hcl-parser';
import { INFRA_BUNDLE_PATHS, parseWith, StackManifest, type EnvironmentType } from '@jetway/contracts';
import { PermanentError } from '@jetway/messaging';
import { IAC_RULES } from '../iac/rules';
import { scanTerraform, type IacFinding } from '../iac/scan-iac';
import type { Finding, ScanTarget } from '../rules';
import type { ArchiveEntry } from './read-archive.use-case';
import { mergeFindings } from './scan-infrastructure.use-case';

/**
 * Where an artifact keeps Terraform the scan step reads: the CI/CD setup's bundle writes its
 * pipeline's infrastructure here, laid out as an infrastructure bundle (manifest, modules, roots).
 */
export const BUNDLED_TERRAFORM_DIR = 'infrastructure/';

/** What the IaC rules made of a tree's bundled Terraform. */
export interface BundledTerraformScan {
  /** As the scanner reports findings: `IACnnn`, the resource and what is wrong with it, the block's first line. */
  findings: Finding[];
  /** The environments whose roots were scanned, in the manifest's order. */
  environments: EnvironmentType[];
  rulesRun: number;
}

const text = (entry: ArchiveEntry) => ({ path: entry.path, content: entry.content.toString('utf8') });

function readManifest(entries: readonly ArchiveEntry[], manifestPath: string): StackManifest | undefined {
  const entry = entries.find((e) => e.path === manifestPath);
  if (!entry) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(entry.content.toString('utf8'));
  } catch (error) {
    throw new PermanentError(`${manifestPath} is not JSON: ${(error as Error).message}`);
  }
  const parsed = parseWith(StackManifest, json);
  if (!parsed.ok) throw new PermanentError(`${manifestPath} ${parsed.error}`);
  return parsed.data;
}

/** One environment as Terraform reads it: the modules, its root (the `.tf` directly in it), its tfvars resolving `var.*`. */
async function scanEnvironment(entries: readonly ArchiveEntry[], environment: EnvironmentType): Promise<IacFinding[]> {
  const root = `${BUNDLED_TERRAFORM_DIR}${INFRA_BUNDLE_PATHS.terraformRoot(environment)}/`;
  const rootFiles = entries.filter((e) => e.path.startsWith(root) && e.path.endsWith('.tf') && !e.path.slice(root.length).includes('/'));
  if (rootFiles.length === 0) {
    throw new PermanentError(`${BUNDLED_TERRAFORM_DIR}${INFRA_BUNDLE_PATHS.manifest} names environment ${environment}, but ${root} holds no .tf file: the bundle is not what its manifest says`);
  }
  const modules = entries.filter((e) => e.path.startsWith(`${BUNDLED_TERRAFORM_DIR}modules/`) && e.path.endsWith('.tf'));
  const tfvars = entries.find((e) => e.path === `${root}terraform.tfvars`);
  try {
    const variables = tfvars ? ((await parseHcl(tfvars.path, tfvars.content.toString('utf8'))) as Record<string, unknown>) : {};
    return await scanTerraform([...modules, ...rootFiles].map(text), { environment, compliance: [], variables });
  } catch (error) {
    throw new PermanentError((error as Error).message, { cause: error });
  }
}

/** The block's first line, as the excerpt other findings carry (the contract caps excerpts at 200). */
function excerptOf(entries: readonly ArchiveEntry[], finding: IacFinding): string | undefined {
  const line = entries.find((e) => e.path === finding.file)?.content.toString('utf8').split('\n')[finding.line - 1]?.trim();
  return line ? line.slice(0, 200) : undefined;
}

/**
 * The Terraform an artifact bundles under `infrastructure/` when it says so with
 * `infrastructure/jetway-stack.json`: each environment root the manifest names, read with that
 * environment's tfvars, through every IaC policy rule (the infrastructure pipeline's); findings
 * merged across environments as the infra scan merges them. Undefined when the tree has no such
 * manifest, or its manifest is for a tool the Terraform rules do not read. A manifest that does
 * not parse, an environment without its root, or a file that is not HCL rejects with
 * `PermanentError` naming it.
 */
export async function scanBundledTerraform(entries: readonly ArchiveEntry[], target: ScanTarget): Promise<BundledTerraformScan | undefined> {
  const manifest = readManifest(entries, `${BUNDLED_TERRAFORM_DIR}${INFRA_BUNDLE_PATHS.manifest}`);
  if (!manifest || manifest.tool !== 'terraform' || manifest.generate_only) return undefined;
  const scans = [];
  for (const environment of manifest.environments) scans.push({ environment, findings: await scanEnvironment(entries, environment) });
  const findings = mergeFindings(scans, scans.length).map((f): Finding => {
    const excerpt = excerptOf(entries, f);
    return { ruleId: f.rule, severity: f.severity, target, file: f.file, line: f.line, message: `${f.subject}: ${f.message}`, ...(excerpt && { excerpt }) };
  });
  return { findings, environments: [...manifest.environments], rulesRun: IAC_RULES.length };
}
