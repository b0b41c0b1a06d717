import type { Severity } from '@jetway/contracts';
import { RULES, SEVERITIES, severityRank, type Finding, type Rule, type ScanContext, type ScanTarget, type TextFile } from '../rules';
import { excerptOf, maskSecrets } from './mask-secrets.use-case';
import type { ArchiveEntry } from './read-archive.use-case';

/** How many findings travel in the `step.scan.finished` event; the rest are in the SARIF report. */
export const TOP_FINDINGS = 10;

export interface ScanResult {
  /** Every finding, most severe first, then the artifact before the source, then by file and line. */
  findings: Finding[];
  /** Findings per severity; every severity is present. */
  counts: Record<Severity, number>;
  /** `fail` iff some finding is at or above the threshold. */
  verdict: 'pass' | 'fail';
  topFindings: Finding[];
}

export interface ScanEntriesOptions {
  /** Which tree the entries are (default `artifact`); every finding carries it. */
  target?: ScanTarget;
  rules?: readonly Rule[];
}

/**
 * Runs every rule over the text entries of one tree and judges the result against `failOn`. Every
 * finding's message and excerpt have the secrets of its file masked: no raw secret leaves here.
 */
export function scanEntries(entries: readonly ArchiveEntry[], failOn: Severity, options: ScanEntriesOptions = {}): ScanResult {
  const { target = 'artifact', rules = RULES } = options;
  const context: ScanContext = { paths: new Set(entries.map((entry) => entry.path)) };
  const findings = entries.flatMap((entry) =>
    scanFile({ path: entry.path, text: entry.content.toString('utf8') }, target, rules, context),
  );
  return judge(findings, failOn);
}

/** Counts, verdict and top findings of findings from one tree or several. */
export function judge(findings: readonly Finding[], failOn: Severity): ScanResult {
  const sorted = [...findings].sort(compareFindings);
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const finding of sorted) counts[finding.severity] += 1;
  const verdict = sorted.some((finding) => atOrAbove(finding, failOn)) ? 'fail' : 'pass';
  return { findings: sorted, counts, verdict, topFindings: sorted.slice(0, TOP_FINDINGS) };
}

export function atOrAbove(finding: Pick<Finding, 'severity'>, threshold: Severity): boolean {
  return severityRank(finding.severity) >= severityRank(threshold);
}

function scanFile(file: TextFile, target: ScanTarget, rules: readonly Rule[], context: ScanContext): Finding[] {
  const hits = rules
    .filter((rule) => rule.appliesTo(file.path))
    .flatMap((rule) => rule.check(file, context).map((match) => ({ rule, match })));
  if (hits.length === 0) return [];
  // Every secret of the file is masked in every finding of it: a line may hold more than the one reported.
  const secrets = hits.flatMap(({ match }) => (match.secret ? [match.secret] : []));
  const lines = file.text.split('\n');
  return hits.map(({ rule, match }): Finding => {
    // Line 0 is a whole-file finding (e.g. no lockfile): there is no line to show.
    const excerpt = match.line >= 1 ? excerptOf(lines[match.line - 1] ?? '', secrets, rules) : undefined;
    return {
      ruleId: rule.id,
      severity: rule.severity,
      target,
      file: file.path,
      line: match.line,
      message: maskSecrets(match.message, secrets, rules),
      ...(excerpt === undefined ? {} : { excerpt }),
    };
  });
}

const TARGET_ORDER: Record<ScanTarget, number> = { artifact: 0, source: 1 };

function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    TARGET_ORDER[a.target] - TARGET_ORDER[b.target] ||
    compareText(a.file, b.file) ||
    a.line - b.line ||
    compareText(a.ruleId, b.ruleId)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
