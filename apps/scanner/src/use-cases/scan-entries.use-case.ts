import type { Severity } from '@jetway/contracts';
import { RULES, SEVERITIES, severityRank, type Finding, type Rule } from '../rules';
import type { ArchiveEntry } from './read-archive.use-case';

/** How many findings travel in the `step.scan.finished` event; the rest are in the SARIF report. */
export const TOP_FINDINGS = 10;

export interface ScanResult {
  /** Every finding, most severe first, then by file and line. */
  findings: Finding[];
  /** Findings per severity; every severity is present. */
  counts: Record<Severity, number>;
  /** `fail` iff some finding is at or above the threshold. */
  verdict: 'pass' | 'fail';
  topFindings: Finding[];
}

/** Runs every rule over the text entries and judges the result against `failOn`. */
export function scanEntries(entries: readonly ArchiveEntry[], failOn: Severity, rules: readonly Rule[] = RULES): ScanResult {
  const context = { paths: new Set(entries.map((entry) => entry.path)) };
  const findings: Finding[] = [];
  for (const entry of entries) {
    const file = { path: entry.path, text: entry.content.toString('utf8') };
    for (const rule of rules) {
      if (!rule.appliesTo(file.path)) continue;
      for (const match of rule.check(file, context)) {
        findings.push({ ruleId: rule.id, severity: rule.severity, file: file.path, line: match.line, message: match.message });
      }
    }
  }
  findings.sort(compareFindings);
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const finding of findings) counts[finding.severity] += 1;
  const threshold = severityRank(failOn);
  const verdict = findings.some((finding) => severityRank(finding.severity) >= threshold) ? 'fail' : 'pass';
  return { findings, counts, verdict, topFindings: findings.slice(0, TOP_FINDINGS) };
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    compareText(a.file, b.file) ||
    a.line - b.line ||
    compareText(a.ruleId, b.ruleId)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
