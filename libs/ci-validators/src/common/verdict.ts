import type { CiFile, ValidatorFinding, ValidatorVerdict } from '../types';

/** `ValidatorResult.findings` (contracts) holds at most 50: the rest is summed up in the last one. */
export const MAX_FINDINGS = 50;

/** A validator's verdict on a file: ok iff it found nothing. */
export function verdict(file: CiFile, validator: string, findings: readonly ValidatorFinding[]): ValidatorVerdict {
  const sorted = [...findings].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const kept =
    sorted.length <= MAX_FINDINGS
      ? sorted
      : [...sorted.slice(0, MAX_FINDINGS - 1), { message: `… and ${sorted.length - (MAX_FINDINGS - 1)} more findings` }];
  return { file: file.path, platform: file.platform, validator, ok: findings.length === 0, findings: kept };
}

/** A validator that could not run fails the file, saying why: a file is never left unchecked. */
export function cannotRun(file: CiFile, validator: string, cause: unknown): ValidatorVerdict {
  return verdict(file, validator, [{ message: `${validator} could not run: ${messageOf(cause)}` }]);
}

export function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
