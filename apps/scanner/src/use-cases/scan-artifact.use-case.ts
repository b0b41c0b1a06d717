import { createHash } from 'node:crypto';
import type { ScanTriggered, Severity } from '@jetway/contracts';
import { PermanentError } from '@jetway/messaging';
import type { Finding } from '../rules';
import { artifactObjectName, sarifObjectName, type ArtifactReader } from './artifact-reader.port';
import { readArchive, type ArchiveLimits } from './read-archive.use-case';
import { scanEntries } from './scan-entries.use-case';
import { toSarif } from './to-sarif.use-case';

export interface ScanArtifactDeps {
  reader: ArtifactReader;
  limits?: Partial<ArchiveLimits>;
}

/** Fields of `ScanOutputs` (contracts), ready for `step.scan.finished`. */
export interface ScanArtifactOutputs {
  digest: string;
  verdict: 'pass' | 'fail';
  counts: Record<Severity, number>;
  top_findings: Array<{ rule: string; severity: Severity; file: string; line: number }>;
  /** Where the wiring must store `sarif` (`sarif-<hex>`). */
  sarif_object: string;
}

export interface ScanArtifactResult {
  outputs: ScanArtifactOutputs;
  /** The SARIF 2.1.0 report as JSON, to store under `outputs.sarif_object`. */
  sarif: string;
  findings: Finding[];
  /** Files not scanned (too large or binary), for logs. */
  skipped: Array<{ path: string; reason: string }>;
}

/**
 * Scans the artifact with the triggered digest. The bytes are hashed first: the verdict becomes an
 * attestation about that digest, so it must be about exactly those bytes. A verdict of `fail` is a
 * normal result; an artifact that cannot be read as a tar.gz rejects with `PermanentError`.
 */
export async function scanArtifact(trigger: ScanTriggered, deps: ScanArtifactDeps): Promise<ScanArtifactResult> {
  const bytes = await deps.reader.get(artifactObjectName(trigger.digest));
  const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (actual !== trigger.digest) {
    throw new PermanentError(`digest: object ${artifactObjectName(trigger.digest)} holds ${actual}, not ${trigger.digest}`);
  }
  const archive = await readArchive(bytes, deps.limits);
  const scan = scanEntries(archive.entries, trigger.fail_on_severity);
  const outputs: ScanArtifactOutputs = {
    digest: trigger.digest,
    verdict: scan.verdict,
    counts: scan.counts,
    top_findings: scan.topFindings.map((f) => ({ rule: f.ruleId, severity: f.severity, file: f.file, line: f.line })),
    sarif_object: sarifObjectName(trigger.digest),
  };
  const sarif = JSON.stringify(toSarif(scan.findings, { digest: trigger.digest }));
  return { outputs, sarif, findings: scan.findings, skipped: archive.skipped };
}
