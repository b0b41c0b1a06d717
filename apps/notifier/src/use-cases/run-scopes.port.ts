import type { Environment } from '@jetway/contracts';

/** The application and environment a deploy step of a run was about. */
export interface DeployScope {
  readonly application: string;
  readonly environment: Environment;
}

/**
 * Finds what a deploy step deployed (its `finished` event does not say).
 *
 * Semantics of `scopeOf`: rejects with `TransientError` when the source does not answer (retry
 * later); with `PermanentError` when it answers that the run or step does not exist.
 */
export interface RunScopes {
  scopeOf(runId: string, stepId: string): Promise<DeployScope>;
}
