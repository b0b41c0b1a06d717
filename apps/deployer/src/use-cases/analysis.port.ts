import type { Environment } from '@jetway/contracts';

/**
 * Requests one release of (application, environment) served in a window, as a provider measured
 * them. A value the provider has no data for is left out (never 0): the engine judges a missing
 * value inconclusive, never a pass.
 */
export interface MetricsWindow {
  /**
   * Requests the release served in the window. Undefined when the provider cannot count them
   * (Prometheus: one PromQL query per criterion gives ratios, not counts) — then `min_requests`
   * cannot apply, and an empty answer (no series, NaN from 0/0) is what makes it inconclusive.
   */
  readonly requests?: number;
  /** 5xx answers and requests the release never answered; with `requests`. */
  readonly errors?: number;
  /** The share of failed requests (0..1) when the provider measures it directly (PromQL); else errors / requests. */
  readonly error_rate?: number;
  /** p99 latency in milliseconds over the window; undefined without requests. */
  readonly latency_p99_ms?: number;
  /** A sample of request latencies (ms), for a baseline comparison (Mann-Whitney U); may be empty. */
  readonly latencies_ms?: readonly number[];
}

/**
 * Where analysis reads its measurements: the router (it sees every request) or Prometheus
 * (PromQL). Rejects when the provider does not answer (an analysis `error`, counted against
 * `consecutive_error_limit`), never by returning zeros.
 */
export interface AnalysisProvider {
  readonly name: 'router' | 'prometheus';
  measure(query: { application: string; environment: Environment; release: string; sinceMs: number; untilMs: number }): Promise<MetricsWindow>;
  /**
   * What the provider itself refuses before a rollout starts, one `field: why` line each (empty:
   * ready) — Prometheus parses every query with its own parser. Rejects when it does not answer.
   */
  check?(): Promise<string[]>;
}
