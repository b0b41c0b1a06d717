import type { CiFile, ValidatorVerdict } from './types';

/**
 * Every validator that applies to each file (several per platform where several exist: GitHub's
 * own parser and actionlint for a workflow). A validator that cannot run says so in a verdict with
 * `ok: false`, never by leaving the file unchecked.
 */
export async function validateCiFiles(files: readonly CiFile[]): Promise<ValidatorVerdict[]> {
  throw new Error(`validateCiFiles: not built yet (${files.length} files)`);
}
