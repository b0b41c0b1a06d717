import type { ScanTriggered, Severity } from '@jetway/contracts';
import { iacRulesForSarif } from '../iac/iac-sarif';
import { RULES, type Finding, type ScanTarget } from '../rules';
import { sarifObjectName, type ArtifactReader } from './artifact-reader.port';
import { describeScan, type ScanReport } from './describe-scan.use-case';
import { readArchive, type ArchiveContents, type ArchiveLimits } from './read-archive.use-case';
import { judge, scanEntries } from './scan-entries.use-case';
import { readVerified } from './read-verified.use-case';
import { scanBundledTerraform, type BundledTerraformScan } from './scan-bundled-terraform.use-case';
import { toSarif } from './to-sarif.use-case';

export interface ScanArtifactDeps {
  reader: ArtifactReader;
  limits?: Partial<ArchiveLimits>;
}

/** A finding as `step.scan.finished` carries it: where, which tree, and the line with secrets masked. */
export interface TopFinding {
  rule: string;
  severity: Severity;
  file: string;
  line: number;
  target: ScanTarget;
  excerpt?: string;
}

/** Fields of `ScanOutputs` (contracts), ready for `step.scan.finished`. */
export interface ScanArtifactOutputs {
  digest: string;
  verdict: 'pass' | 'fail';
  counts: Record<Severity, number>;
  top_findings: TopFinding[];
  /** The trees scanned: the artifact, and the source when the trigger named one. */
  targets: ScanTarget[];
  /** Where the wiring must store `sarif` (`sarif-<hex>`). */
  sarif_object: string;
}

export interface ScanArtifactResult {
  outputs: ScanArtifactOutputs;
  /** The SARIF 2.1.0 report as JSON, to store under `outputs.sarif_object`. */
  sarif: string;
  findings: Finding[];
  /** Files not scanned (too large or binary), for logs. */
  skipped: Array<{ path: string; reason: string; target: ScanTarget }>;
  /** The step's outcome and reason (a failing verdict fails the step) and what to log. */
  report: ScanReport;
}

/**
 * Scans the artifact with the triggered digest and, when the trigger names one, the source tree
 * it was built from; the verdict covers both. A tree holding `infrastructure/jetway-stack.json`
 * (the CI/CD setup's bundle with an infrastructure block) also has that Terraform read by the IaC
 * policy rules, each environment with its tfvars: their findings count like any other. Each tree's bytes are hashed first: the verdict
 * becomes an attestation about the digest, so it must be about exactly those bytes. A verdict of
 * `fail` is a normal result (the report says to fail the step); a tree that cannot be read as a
 * tar.gz rejects with `PermanentError`.
 */
export async function scanArtifact(trigger: ScanTriggered, deps: ScanArtifactDeps): Promise<ScanArtifactResult> {
  const trees: Array<{ target: ScanTarget; digest: string; field: string }> = [
    { target: 'artifact', digest: trigger.digest, field: 'digest' },
    ...(trigger.source_digest ? [{ target: 'source' as const, digest: trigger.source_digest, field: 'source_digest' }] : []),
  ];
  const findings: Finding[] = [];
  const skipped: ScanArtifactResult['skipped'] = [];
  const terraform: Array<BundledTerraformScan & { target: ScanTarget }> = [];
  let previous: { digest: string; archive: ArchiveContents } | undefined;
  // One tree at a time: each may unpack to hundreds of megabytes.
  for (const tree of trees) {
    // A build that copies its source as is gives both trees one digest: read it once, report it in both.
    const archive =
      previous?.digest === tree.digest
        ? previous.archive
        : await readArchive(await readVerified(tree.digest, tree.field, deps.reader), deps.limits);
    previous = { digest: tree.digest, archive };
    findings.push(...scanEntries(archive.entries, trigger.fail_on_severity, { target: tree.target }).findings);
    skipped.push(...archive.skipped.map((entry) => ({ ...entry, target: tree.target })));
    const bundled = await scanBundledTerraform(archive.entries, tree.target);
    if (bundled) {
      findings.push(...bundled.findings);
      terraform.push({ ...bundled, target: tree.target });
    }
  }
  const scan = judge(findings, trigger.fail_on_severity);
  const targets = trees.map((tree) => tree.target);
  const outputs: ScanArtifactOutputs = {
    digest: trigger.digest,
    verdict: scan.verdict,
    counts: scan.counts,
    top_findings: scan.topFindings.map((f) => ({
      rule: f.ruleId,
      severity: f.severity,
      file: f.file,
      line: f.line,
      target: f.target,
      ...(f.excerpt === undefined ? {} : { excerpt: f.excerpt }),
    })),
    targets,
    sarif_object: sarifObjectName(trigger.digest),
  };
  // The IaC rules follow the scanner's own in the SARIF rule list, so the indexes of those stay put.
  const rules = terraform.length > 0 ? [...RULES, ...iacRulesForSarif()] : RULES;
  const sarif = JSON.stringify(toSarif(scan.findings, { digest: trigger.digest, sourceDigest: trigger.source_digest, rules }));
  const bundledTerraform = terraform.map(({ target, environments, rulesRun }) => ({ target, environments, rulesRun }));
  const report = describeScan({ findings: scan.findings, verdict: scan.verdict, failOn: trigger.fail_on_severity, targets, bundledTerraform });
  return { outputs, sarif, findings: scan.findings, skipped, report };
}
