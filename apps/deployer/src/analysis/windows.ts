/** One measurement's window: the requests served in [sinceMs, untilMs), measured at `untilMs`. */
export interface MeasurementWindow {
  readonly sinceMs: number;
  readonly untilMs: number;
}

/** How long an analysis runs: until a time (a step's end), or a number of measurements. */
export type AnalysisSpan = { readonly untilMs: number } | { readonly count: number };

/**
 * The windows of an analysis that starts at `startMs`: back to back, so every request is judged
 * exactly once (a measurement covers the time since the previous one, not since the step
 * began — otherwise early errors would be counted again at every measurement and
 * `failure_limit` would count one incident many times).
 * - `{ count }`: that many windows of `intervalMs` each.
 * - `{ untilMs }`: the time up to it cut into equal windows of at least `intervalMs` (at most
 *   twice it), so the last measurement lands exactly at the end and is never a short tail with
 *   too few requests. With less than one interval left, one window up to `untilMs`; when
 *   `untilMs` has passed (a restarted deployer), one window over the last interval, measured at once.
 */
export function planWindows(startMs: number, span: AnalysisSpan, intervalMs: number): MeasurementWindow[] {
  if (intervalMs <= 0) throw new RangeError(`the analysis interval must be positive (got ${intervalMs} ms)`);
  if ('count' in span) {
    if (!Number.isInteger(span.count) || span.count < 1) throw new RangeError(`an analysis needs at least one measurement (count ${span.count})`);
    return back2back(startMs, span.count, intervalMs);
  }
  const length = span.untilMs - startMs;
  if (length <= 0) return [{ sinceMs: startMs - intervalMs, untilMs: startMs }];
  const n = Math.max(1, Math.floor(length / intervalMs));
  return back2back(startMs, n, length / n);
}

function back2back(startMs: number, n: number, width: number): MeasurementWindow[] {
  return Array.from({ length: n }, (_, i) => ({ sinceMs: Math.round(startMs + i * width), untilMs: Math.round(startMs + (i + 1) * width) }));
}
