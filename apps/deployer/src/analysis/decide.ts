import type { AnalysisResult, AnalysisSpec } from '@jetway/contracts';
import { count } from './words';

/** Measurements so far, by verdict (Argo Rollouts' MetricResult counters). */
export interface AnalysisTally {
  readonly measured: number;
  readonly passed: number;
  readonly failed: number;
  readonly inconclusive: number;
  readonly errors: number;
  /** Provider errors since the last measurement that was not one; any other verdict resets it. */
  readonly consecutiveErrors: number;
}

export const EMPTY_TALLY: AnalysisTally = { measured: 0, passed: 0, failed: 0, inconclusive: 0, errors: 0, consecutiveErrors: 0 };

/** The tally after one more measurement. */
export function tally(before: AnalysisTally, result: AnalysisResult): AnalysisTally {
  const v = result.verdict;
  return {
    measured: before.measured + 1,
    passed: before.passed + (v === 'pass' ? 1 : 0),
    failed: before.failed + (v === 'fail' ? 1 : 0),
    inconclusive: before.inconclusive + (v === 'inconclusive' ? 1 : 0),
    errors: before.errors + (v === 'error' ? 1 : 0),
    consecutiveErrors: v === 'error' ? before.consecutiveErrors + 1 : 0,
  };
}

export type AnalysisDecision =
  | { readonly done: false }
  | { readonly done: true; readonly verdict: 'pass' | 'fail' | 'inconclusive'; readonly why: string };

type Limits = Pick<AnalysisSpec, 'failure_limit' | 'inconclusive_limit' | 'consecutive_error_limit'>;

/**
 * Argo Rollouts' assessment of a metric, checked after every measurement in this order: fail
 * when failures exceed `failure_limit`; inconclusive (a person decides) when inconclusive
 * measurements exceed `inconclusive_limit`; fail when consecutive provider errors exceed
 * `consecutive_error_limit` (Argo's Error phase, which aborts a rollout as a failure). Once no
 * measurement is left: pass — unless none passed (all errors or tolerated inconclusives), which
 * is inconclusive here where Argo would call it successful: an analysis never passes blind.
 */
export function decide(t: AnalysisTally, limits: Limits, remaining: number): AnalysisDecision {
  if (t.failed > limits.failure_limit) {
    return { done: true, verdict: 'fail', why: `${count(t.failed, 'failed measurement')} > failure_limit ${limits.failure_limit}` };
  }
  if (t.inconclusive > limits.inconclusive_limit) {
    return { done: true, verdict: 'inconclusive', why: `${count(t.inconclusive, 'inconclusive measurement')} > inconclusive_limit ${limits.inconclusive_limit}` };
  }
  if (t.consecutiveErrors > limits.consecutive_error_limit) {
    return { done: true, verdict: 'fail', why: `${count(t.consecutiveErrors, 'provider error')} in a row > consecutive_error_limit ${limits.consecutive_error_limit}` };
  }
  if (remaining > 0) return { done: false };
  if (t.passed === 0) return { done: true, verdict: 'inconclusive', why: `no measurement passed (${summary(t)})` };
  return { done: true, verdict: 'pass', why: summary(t) };
}

/** "6 measurements: 5 passed, 1 failed, 0 inconclusive, 0 errors". */
export function summary(t: AnalysisTally): string {
  return `${count(t.measured, 'measurement')}: ${t.passed} passed, ${t.failed} failed, ${t.inconclusive} inconclusive, ${count(t.errors, 'error')}`;
}
