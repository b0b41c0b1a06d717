import type { Severity } from '@jetway/contracts';
import type { Finding, ScanTarget } from '../rules';
import { atOrAbove } from './scan-entries.use-case';

/** How many findings the step's reason lists; the SARIF report has all of them. */
export const REASON_FINDINGS = 10;
/** How many findings one log line carries. */
export const LOG_FINDINGS = 50;
/** The contract caps a step's reason at 4000 characters. */
const REASON_CHARS = 4000;
const LINE_CHARS = 300;

/** A finding as the reason and the log show it (already masked by scanEntries). */
export interface FindingLine {
  rule: string;
  severity: Severity;
  target: ScanTarget;
  /** `file:line`, or the file alone for a whole-file finding. */
  location: string;
  message: string;
  excerpt?: string;
}

/** What the scan step finishes with and what the scanner logs about it. */
export interface ScanReport {
  /** `failed` when the verdict is `fail`: the step shows its evidence instead of a green tick. */
  outcome: 'succeeded' | 'failed';
  reason: string;
  log: { level: 'info' | 'warn'; message: string; findings: FindingLine[] };
}

export interface ScanFacts {
  /** Every finding, sorted as `judge` sorts them. */
  findings: readonly Finding[];
  verdict: 'pass' | 'fail';
  failOn: Severity;
  targets: readonly ScanTarget[];
  /** The Terraform a tree bundles under `infrastructure/`, read by the IaC rules: said in the reason and the log. */
  bundledTerraform?: ReadonlyArray<{ target: ScanTarget; environments: readonly string[]; rulesRun: number }>;
}

/**
 * The reason and log of a scan. A failing verdict lists the findings at or above the threshold
 * (severity, rule, file:line, target, masked message); a pass says what was found below it. When
 * only the artifact was scanned (no source tree came with it), or Terraform bundled in a tree went
 * through the IaC rules, both say so.
 */
export function describeScan(facts: ScanFacts): ScanReport {
  const blocking = facts.findings.filter((finding) => atOrAbove(finding, facts.failOn));
  const scope = facts.targets.includes('source') ? 'the build output and its source' : 'the artifact';
  const notes = [
    ...(facts.targets.includes('source') ? [] : ['Only the artifact was scanned: no source tree came with it (no source_digest in the trigger).']),
    ...(facts.bundledTerraform ?? []).map(({ target, environments, rulesRun }) => `The Terraform in infrastructure/ (${target}) went through ${rulesRun} IaC rules for ${environments.join(', ')}, each with its tfvars.`),
  ];
  if (facts.verdict === 'fail') {
    const listed = blocking.slice(0, REASON_FINDINGS).map((finding) => `- ${lineOf(toLine(finding))}`);
    const more = blocking.length > REASON_FINDINGS ? [`… and ${blocking.length - REASON_FINDINGS} more; the SARIF report lists every finding.`] : [];
    // The planner prefixes `step scan failed: `, so the reason starts with what was found.
    const head = `${plural(blocking.length, 'finding')} at or above ${facts.failOn} in ${scope}`;
    return {
      outcome: 'failed',
      reason: cap([`${head}:`, ...listed, ...more, ...notes].join('\n')),
      log: { level: 'warn', message: logMessage(`scan failed: ${head}`, notes), findings: blocking.slice(0, LOG_FINDINGS).map(toLine) },
    };
  }
  const below = facts.findings.length === 0 ? 'nothing found' : `${plural(facts.findings.length, 'finding')} below it (${countsText(facts.findings)})`;
  const head = `no finding at or above ${facts.failOn} in ${scope}; ${below}`;
  return {
    outcome: 'succeeded',
    reason: cap([head, ...notes].join('\n')),
    log: { level: 'info', message: logMessage(`scan passed: ${head}`, notes), findings: facts.findings.slice(0, LOG_FINDINGS).map(toLine) },
  };
}

export function toLine(finding: Finding): FindingLine {
  return {
    rule: finding.ruleId,
    severity: finding.severity,
    target: finding.target,
    location: finding.line >= 1 ? `${finding.file}:${finding.line}` : finding.file,
    message: finding.message,
    ...(finding.excerpt === undefined ? {} : { excerpt: finding.excerpt }),
  };
}

/** `critical secret/aws-access-key-id server.js:1 (artifact): AWS access key id AKIA…MPLE` */
function lineOf(line: FindingLine): string {
  const text = `${line.severity} ${line.rule} ${line.location} (${line.target}): ${line.message}`;
  return text.length > LINE_CHARS ? `${text.slice(0, LINE_CHARS - 1)}…` : text;
}

/** One line: the head, then each note as a sentence. */
function logMessage(head: string, notes: readonly string[]): string {
  return [head, ...notes.map((note) => note.replace(/\.$/, ''))].join('. ') + (notes.length > 0 ? '.' : '');
}

function countsText(findings: readonly Finding[]): string {
  const counts = new Map<Severity, number>();
  for (const finding of findings) counts.set(finding.severity, (counts.get(finding.severity) ?? 0) + 1);
  return [...counts].map(([severity, count]) => `${count} ${severity}`).join(', ');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function cap(text: string): string {
  return text.length > REASON_CHARS ? `${text.slice(0, REASON_CHARS - 1)}…` : text;
}
