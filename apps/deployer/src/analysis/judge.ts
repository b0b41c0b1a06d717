import type { AnalysisResult, AnalysisSpec, SuccessCriteria } from '@jetway/contracts';
import type { MetricsWindow } from '../use-cases/analysis.port';
import { compareLatency, type BaselineComparison } from './baseline';
import { count, millis, percent } from './words';

type Metric = keyof SuccessCriteria;
type Measurement = AnalysisResult['measurements'][number];

/** The metrics Jetway judges, in the order messages name them. */
export const METRICS: readonly Metric[] = ['error_rate', 'latency_p99_ms'];

/** One measurement to judge: the new release's window and, when compared, the baseline's. */
export interface JudgeInput {
  readonly provider: AnalysisResult['provider'];
  readonly criteria: SuccessCriteria;
  readonly spec: Pick<AnalysisSpec, 'min_requests' | 'baseline'>;
  readonly canary: MetricsWindow;
  /** The stable release over the same window; compared when `spec.baseline.enabled`. */
  readonly baseline?: MetricsWindow;
}

/**
 * Judges one measurement. Inconclusive — never a pass — when the window has fewer than
 * `min_requests` requests (the new release's or the baseline's) or a criterion has no data;
 * otherwise fail when a criterion is breached (value above its threshold; equal passes) or the
 * canary is significantly slower than the baseline; pass otherwise. With no criteria and no
 * baseline, a window with enough requests passes (the release served traffic); one whose
 * provider counts no requests (Prometheus) is inconclusive: nothing was measured.
 */
export function judgeMeasurement(input: JudgeInput): AnalysisResult {
  const { canary, criteria, provider } = input;
  const comparison = compare(input);
  const measurements = measure(criteria, canary, input.baseline, comparison);
  const base = { provider, requests: canary.requests ?? 0, measurements, ...(comparison?.pValue !== undefined && { baseline_p_value: comparison.pValue }) };
  const few = tooFew(input);
  if (few) return { ...base, verdict: 'inconclusive', message: few };
  const breaches = measurements.filter((m) => !m.passed && m.threshold !== undefined && m.value > m.threshold);
  if (breaches.length > 0 || comparison?.verdict === 'fail') {
    const why = [...breaches.map((m) => breach(m, canary.requests)), ...(comparison?.verdict === 'fail' ? [comparison.message] : [])];
    return { ...base, verdict: 'fail', message: why.join('; ') };
  }
  const missing = METRICS.filter((metric) => criteria[metric] !== undefined && valueOf(metric, canary) === undefined);
  if (missing.length > 0) return { ...base, verdict: 'inconclusive', message: `no data for ${missing.join(' and ')} from ${provider}` };
  if (comparison?.verdict === 'nodata') return { ...base, verdict: 'inconclusive', message: comparison.message };
  if (measurements.length === 0 && canary.requests === undefined) return { ...base, verdict: 'inconclusive', message: `nothing to judge: no criteria, and ${provider} counts no requests` };
  return { ...base, verdict: 'pass', message: passed(measurements, canary.requests, comparison) };
}

/** A measurement the provider could not take: counted against `consecutive_error_limit`. */
export function providerError(provider: AnalysisResult['provider'], error: unknown): AnalysisResult {
  const why = error instanceof Error ? error.message : String(error);
  return { provider, verdict: 'error', requests: 0, measurements: [], message: `${provider} gave no measurement: ${why}`.slice(0, 1000) };
}

/** The share of failed requests: measured directly, or errors over requests; undefined without data. */
export function valueOf(metric: Metric, window: MetricsWindow): number | undefined {
  const value = metric === 'error_rate' ? (window.error_rate ?? (window.requests ? (window.errors ?? 0) / window.requests : undefined)) : window.latency_p99_ms;
  return value === undefined || Number.isNaN(value) ? undefined : value;
}

function compare(input: JudgeInput): BaselineComparison | undefined {
  if (!input.spec.baseline?.enabled) return undefined;
  if (!input.baseline) return { verdict: 'nodata', message: 'no baseline release to compare with' };
  return compareLatency(input.canary.latencies_ms ?? [], input.baseline.latencies_ms ?? [], input.spec.baseline.alpha);
}

function tooFew({ canary, baseline, spec }: JudgeInput): string | undefined {
  const min = spec.min_requests;
  if (canary.requests !== undefined && canary.requests < min) return `${count(canary.requests, 'request')} < min_requests ${min}: too few to judge`;
  if (spec.baseline?.enabled && baseline?.requests !== undefined && baseline.requests < min) {
    return `the baseline served ${count(baseline.requests, 'request')} < min_requests ${min}: too few to compare`;
  }
  return undefined;
}

function measure(criteria: SuccessCriteria, canary: MetricsWindow, baseline: MetricsWindow | undefined, comparison: BaselineComparison | undefined): Measurement[] {
  const judged = METRICS.filter((metric) => criteria[metric] !== undefined || (metric === 'latency_p99_ms' && comparison));
  return judged.flatMap((metric) => {
    const value = valueOf(metric, canary);
    if (value === undefined) return [];
    const threshold = criteria[metric];
    const slower = metric === 'latency_p99_ms' && comparison?.verdict === 'fail';
    const stable = baseline && comparison ? valueOf(metric, baseline) : undefined;
    const passed = (threshold === undefined || value <= threshold) && !slower;
    return [{ metric, value, ...(threshold !== undefined && { threshold }), ...(stable !== undefined && { baseline: stable }), passed }];
  });
}

function show(metric: Metric, value: number): string {
  return metric === 'error_rate' ? percent(value) : millis(value);
}

function breach(m: Measurement, requests: number | undefined): string {
  const over = requests !== undefined ? ` over ${count(requests, 'request')}` : '';
  return `${m.metric} ${show(m.metric, m.value)}${over} > ${show(m.metric, m.threshold ?? 0)}`;
}

function passed(measurements: readonly Measurement[], requests: number | undefined, comparison: BaselineComparison | undefined): string {
  const within = measurements.filter((m) => m.threshold !== undefined).map((m) => `${m.metric} ${show(m.metric, m.value)} ≤ ${show(m.metric, m.threshold ?? 0)}`);
  const parts = [...within, ...(comparison ? [comparison.message] : [])];
  const over = requests !== undefined ? `over ${count(requests, 'request')}` : '';
  if (parts.length === 0) return `${count(requests ?? 0, 'request')} served; no criteria to judge`;
  return [parts.join(', '), over].filter(Boolean).join(' ');
}
