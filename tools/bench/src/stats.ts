/** Count, median, 99th percentile, mean and maximum of a sample (milliseconds in this tool). */
export interface Summary {
  count: number;
  p50: number | undefined;
  p99: number | undefined;
  mean: number | undefined;
  max: number | undefined;
}

/**
 * Nearest-rank percentile (`p` in 0..100) of an ascending array: the smallest value with at least
 * p% of the sample at or below it. Undefined for an empty sample.
 */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((Math.min(Math.max(p, 0), 100) / 100) * sorted.length);
  return sorted[Math.max(rank, 1) - 1];
}

export function summarize(values: readonly number[]): Summary {
  const sorted = Float64Array.from(values).sort();
  const list = Array.from(sorted);
  const sum = list.reduce((total, value) => total + value, 0);
  return {
    count: list.length,
    p50: percentile(list, 50),
    p99: percentile(list, 99),
    mean: list.length ? sum / list.length : undefined,
    max: list.length ? list[list.length - 1] : undefined,
  };
}

/** Messages moved per second: `runs` chains of `hops` messages each in `wallMs`. */
export function hopsPerSecond(runs: number, hops: number, wallMs: number): number {
  return wallMs > 0 ? (runs * hops * 1000) / wallMs : 0;
}

/** a / b, or undefined when either side is missing or b is zero. */
export function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined || b === 0 ? undefined : a / b;
}
