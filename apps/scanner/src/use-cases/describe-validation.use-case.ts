import type { CiPlatform } from '@jetway/contracts';
import type { ValidatorVerdict } from '@jetway/ci-validators';

/** How many failing verdicts the reason names, and how many findings of each. */
export const REASON_VERDICTS = 5;
export const REASON_FINDINGS = 3;
/** The contract caps a step's reason at 4000 characters. */
const REASON_CHARS = 4000;

export interface ValidationReport {
  /** `failed` as soon as one verdict is not ok. */
  outcome: 'succeeded' | 'failed';
  reason: string;
  /** The full report (every verdict, every finding): the step's log. */
  log: string;
}

export interface ValidationFacts {
  digest: string;
  platforms: readonly CiPlatform[];
  results: readonly ValidatorVerdict[];
  /** CI files of platforms that were not requested. */
  ignored: readonly string[];
  /** Files not read (too large or binary). */
  skipped: readonly string[];
}

/** The reason (file, validator, first findings of each failing verdict) and the full report. */
export function describeValidation(facts: ValidationFacts): ValidationReport {
  const failing = facts.results.filter((result) => !result.ok);
  const files = new Set(facts.results.map((result) => result.file)).size;
  const log = fullReport(facts);
  if (failing.length === 0) {
    return { outcome: 'succeeded', reason: `every validator passed: ${facts.results.length} verdicts on ${files} files`, log };
  }
  const listed = failing.slice(0, REASON_VERDICTS).map((result) => {
    const findings = result.findings.slice(0, REASON_FINDINGS).map((finding) => `    ${located(finding)}`);
    const more = result.findings.length > REASON_FINDINGS ? [`    … and ${result.findings.length - REASON_FINDINGS} more`] : [];
    return [`- ${result.file}: ${result.validator}`, ...findings, ...more].join('\n');
  });
  const more = failing.length > REASON_VERDICTS ? [`… and ${failing.length - REASON_VERDICTS} more failing verdicts; the step's log has them all.`] : [];
  const head = `${failing.length} of ${facts.results.length} validator verdicts failed:`;
  const reason = [head, ...listed, ...more].join('\n');
  return { outcome: 'failed', reason: reason.length <= REASON_CHARS ? reason : `${reason.slice(0, REASON_CHARS - 1)}…`, log };
}

function located(finding: { message: string; line?: number }): string {
  return finding.line === undefined ? finding.message : `line ${finding.line}: ${finding.message}`;
}

function fullReport(facts: ValidationFacts): string {
  const lines = [`Validation of ${facts.digest} for ${facts.platforms.join(', ')}`, ''];
  for (const result of facts.results) {
    lines.push(`${result.ok ? 'PASS' : 'FAIL'} ${result.file} (${result.platform}): ${result.validator}`);
    for (const finding of result.findings) lines.push(`  ${located(finding)}`);
  }
  if (facts.ignored.length > 0) lines.push('', `Not validated (platform not requested): ${facts.ignored.join(', ')}`);
  if (facts.skipped.length > 0) lines.push('', `Not read: ${facts.skipped.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
