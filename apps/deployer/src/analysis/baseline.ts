import { mannWhitneyU, median } from './mann-whitney';
import { millis, pValue } from './words';

/** The canary's latencies against the baseline's over the same window (Kayenta's judge). */
export interface BaselineComparison {
  /** `nodata`: a side has no latency sample — nothing to compare, never a pass. */
  readonly verdict: 'pass' | 'fail' | 'nodata';
  readonly pValue?: number;
  readonly canaryMedianMs?: number;
  readonly baselineMedianMs?: number;
  readonly message: string;
}

/**
 * Kayenta's judge for a metric where only an increase is bad (latency): the canary fails when
 * a two-sided Mann-Whitney U test says the samples differ (p < alpha) and the canary's median
 * is the higher one. A canary significantly faster passes; an empty sample is no data.
 */
export function compareLatency(canary: readonly number[], baseline: readonly number[], alpha: number): BaselineComparison {
  if (canary.length === 0 || baseline.length === 0) {
    const which = canary.length === 0 ? 'the canary' : 'the baseline';
    return { verdict: 'nodata', message: `no latency samples from ${which} to compare` };
  }
  const { pValue: p } = mannWhitneyU(canary, baseline);
  const canaryMedianMs = median(canary);
  const baselineMedianMs = median(baseline);
  const medians = `median ${millis(canaryMedianMs)} vs the baseline's ${millis(baselineMedianMs)}`;
  const found = { pValue: p, canaryMedianMs, baselineMedianMs };
  if (p < alpha && canaryMedianMs > baselineMedianMs) {
    return { verdict: 'fail', ...found, message: `latency slower than the baseline: ${medians}, Mann-Whitney p = ${pValue(p)} < alpha ${alpha}` };
  }
  const how = p < alpha ? 'faster than the baseline' : 'like the baseline';
  return { verdict: 'pass', ...found, message: `latency ${how}: ${medians}, Mann-Whitney p = ${pValue(p)}` };
}
