import { Severity } from '@jetway/contracts';

/** A text file from the artifact, as rules see it; paths are POSIX and relative to the archive root. */
export interface TextFile {
  path: string;
  text: string;
}

/** What a rule may know beyond one file, e.g. whether a lockfile sits next to a package.json. */
export interface ScanContext {
  paths: ReadonlySet<string>;
}

/**
 * One hit inside a file; `line` is 1-based. Messages never repeat a secret's value. `secret` is the
 * value a secret rule matched, exactly as written: the scanner masks it in every excerpt and
 * message of the file and never lets it leave the scan.
 */
export interface RuleMatch {
  line: number;
  message: string;
  secret?: string;
}

/**
 * A check over one kind of file. `id` is stable (SARIF results and attestations refer to it),
 * `name` is the SARIF PascalCase name, `help` says how to fix what the rule reports.
 */
export interface Rule {
  readonly id: string;
  readonly name: string;
  readonly severity: Severity;
  readonly description: string;
  readonly help: string;
  appliesTo(path: string): boolean;
  check(file: TextFile, context: ScanContext): RuleMatch[];
}

/** Which tree a file is in: the build output, or the source it was built from. */
export type ScanTarget = 'artifact' | 'source';

/** A rule's hit as reported: `message` and `excerpt` (the line, trimmed) have every secret masked. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  target: ScanTarget;
  file: string;
  line: number;
  message: string;
  excerpt?: string;
}

/** All severities, least severe first. */
export const SEVERITIES: readonly Severity[] = Severity.options;

/** Higher is more severe. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** 1-based line number of the character at `index`. */
export function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Enough of a secret to find it again, not enough to use it: `AKIA…MPLE`. Shorter values show
 * less (two characters each side from 12, nothing below), so a short password is never half shown.
 */
export function redact(value: string): string {
  const shown = value.length >= 20 ? 4 : value.length >= 12 ? 2 : 0;
  return shown === 0 ? '…' : `${value.slice(0, shown)}…${value.slice(-shown)}`;
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Builds a rule that reports every match of `pattern` (which must have the `g` flag) in any text
 * file; with `secret`, the match itself is the secret to mask.
 */
export function patternRule(
  meta: Omit<Rule, 'appliesTo' | 'check'> & { pattern: RegExp; describe: (match: string) => string; secret?: boolean },
): Rule {
  const { pattern, describe, secret, ...rest } = meta;
  return {
    ...rest,
    appliesTo: () => true,
    check: (file) =>
      [...file.text.matchAll(pattern)].map((match) => ({
        line: lineAt(file.text, match.index),
        message: describe(match[0]),
        ...(secret ? { secret: match[0] } : {}),
      })),
  };
}
