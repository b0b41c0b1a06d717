import type { AnalysisResult, AnalysisSpec, Environment, SuccessCriteria } from '@jetway/contracts';

/** One analysis of a rollout's new release, as a strategy asks for it. */
export interface AnalysisRequest {
  readonly application: string;
  readonly environment: Environment;
  /** The release label measured (the router's label of the new set). */
  readonly release: string;
  /** The stable release's label, for a baseline comparison. */
  readonly baseline?: string;
  readonly criteria: SuccessCriteria;
  readonly spec: AnalysisSpec;
  /** Measure from now until this moment (epoch ms), one measurement every `spec.interval_seconds`. */
  readonly untilMs: number;
  /** Aborted when an operator's command or the deadline ends the analysis early. */
  readonly signal: AbortSignal;
}

/**
 * Analysis as the strategies use it (Argo Rollouts' semantics): measurements every interval
 * until `untilMs`, each judged against the criteria; resolves `fail` as soon as failed
 * measurements exceed `failure_limit` (or provider errors exceed `consecutive_error_limit`:
 * `error`), `inconclusive` when measurements below `min_requests` exceed `inconclusive_limit`,
 * else at `untilMs` with `pass` — and `inconclusive`, never `pass`, when no measurement had
 * enough requests. An aborted analysis resolves with what it had (the caller ignores it).
 */
export interface RolloutAnalysis {
  analyse(request: AnalysisRequest): Promise<AnalysisResult>;
}
