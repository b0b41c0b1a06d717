import type { RecordingRule } from '../prometheus/alert-definition';
import { type ItemContext, byLabels, duration, selector } from '../prometheus/item-context';

// The DORA four keys of a Jetway mesh, as Prometheus recording rules over the counters its
// planner exports (libs/telemetry/src/metrics.ts): `jetway_deployments_total{application,
// environment, outcome}` and the `jetway_lead_time_seconds` histogram (request accepted →
// production deploy finished). Definitions follow Google's Four Keys: deployment frequency and
// change failure rate count production deployments, lead time and time to restore are medians.
//
// Counters are turned into exact per-evaluation increments first ("delta" series, present only at
// the evaluation that saw a deployment), and every window reads those sparse series: counts are
// whole numbers (no `increase()` extrapolation), a planner restart loses nothing but increments
// made between the last scrape before it and the first after, and a 30-day window costs a few
// samples per deployment instead of 30 days of scrapes.

/** The DORA group is evaluated every minute whatever the setup's evaluation interval: its keys move in days. */
export const DORA_INTERVAL_SECONDS = 60;

/** How far back a counter's previous value is looked for (a gap in scrapes shorter than this is not a new series). */
const PREVIOUS_LOOKBACK = '1h';

/** The environment whose deployments the four keys count. */
export const PRODUCTION = 'production';

/** Outcomes of a production deploy step (contracts' StepOutcome) that changed production, and those that failed it. */
const CHANGE_OUTCOMES = 'succeeded|failed|rolled_back';
const FAILURE_OUTCOMES = 'failed|rolled_back';

/** The windows the four keys are recorded over (days). */
export const DORA_WINDOWS = [7, 30] as const;
export type DoraWindow = (typeof DORA_WINDOWS)[number];

/** The series the rules record (every one labelled with the item's labels and `application`). */
export const DORA_SERIES = {
  evaluating: 'dora:rules_evaluating:bool',
  deploymentsSum: 'dora:production_deployments:sum',
  deploymentsDelta: 'dora:production_deployments:delta',
  leadTimeBucketsSum: 'dora:lead_time_seconds_bucket:sum',
  leadTimeBucketsDelta: 'dora:lead_time_seconds_bucket:delta',
  deploymentsLastDay: 'dora:deployments:count1d',
  deploymentFrequency: (days: DoraWindow) => `dora:deployment_frequency:per_day_${days}d`,
  leadTime: (days: DoraWindow) => `dora:lead_time_seconds:p50_${days}d`,
  changeFailureRate: (days: DoraWindow) => `dora:change_failure_rate:ratio_${days}d`,
  restored: 'dora:time_to_restore_seconds',
  failingSince: 'dora:production_failing_since:timestamp',
  timeToRestore: (days: DoraWindow) => `dora:time_to_restore_seconds:p50_${days}d`,
} as const;

/** The item's own labels Jetway's counters use: relabelling would overwrite them (the scraped one becomes `exported_…`). */
const COUNTER_LABELS = ['application', 'environment', 'outcome', 'le'];

/** The recording rules of one `jetway_dora` item, in evaluation order (later rules read earlier ones of the same evaluation). */
export function doraRecordingRules(ctx: ItemContext): RecordingRule[] {
  const clash = Object.keys(ctx.labels).filter((name) => COUNTER_LABELS.includes(name));
  if (clash.length > 0) throw new Error(`inventory item ${ctx.item.name}: its labels ${clash.join(', ')} would overwrite the labels of Jetway's DORA counters; rename them`);
  const by = byLabels(ctx);
  const sel = selector(ctx);
  const s = DORA_SERIES;
  const deployed = (outcomes: string, days: number) => `sum by (${by}, application) (sum_over_time(${s.deploymentsDelta}${selector(ctx, `outcome=~"${outcomes}"`)}[${days}d]))`;
  const succeeded = (days: number) =>
    `${deployed('succeeded', days)}\nor\nsum by (${by}, application) (${s.deploymentsSum}${sel}) * 0`;
  return [
    // Present at every evaluation: a counter absent an evaluation ago is new only if the rules were running then.
    { record: s.evaluating, expr: 'vector(1)', labels: ctx.labels },
    { record: s.deploymentsSum, expr: `sum by (${by}, application, outcome) (jetway_deployments_total${selector(ctx, `environment="${PRODUCTION}"`)})` },
    { record: s.deploymentsDelta, expr: delta(ctx, s.deploymentsSum) },
    { record: s.leadTimeBucketsSum, expr: `sum by (${by}, application, le) (jetway_lead_time_seconds_bucket${sel})` },
    { record: s.leadTimeBucketsDelta, expr: delta(ctx, s.leadTimeBucketsSum) },
    // Deployment frequency: successful production deployments in the last 24 hours, and per day
    // over 7 and 30 days (0 for an application the planner has deployed before, none in the window).
    { record: s.deploymentsLastDay, expr: succeeded(1) },
    ...DORA_WINDOWS.map((days) => ({ record: s.deploymentFrequency(days), expr: `(\n${succeeded(days)}\n) / ${days}` })),
    // Lead time for changes: the median of the request → production times of the window's
    // successful production deployments, interpolated within the histogram's buckets (10 s … 1 d:
    // exact only at bucket bounds). No deployment in the window: no sample (not NaN).
    ...DORA_WINDOWS.map((days) => ({
      record: s.leadTime(days),
      expr: `histogram_quantile(0.5,\n  sum by (${by}, application, le) (\n    sum_over_time(${s.leadTimeBucketsDelta}${sel}[${days}d])\n    or\n    ${s.leadTimeBucketsSum}${sel} * 0\n  )\n) >= 0`,
    })),
    // Change failure rate: production deployments that failed or were rolled back, over all
    // production deployments that changed something (an `errored` deploy — Jetway could not act —
    // and a `skipped` one are neither). No deployment in the window: no sample.
    ...DORA_WINDOWS.map((days) => ({
      record: s.changeFailureRate(days),
      expr: `(\n${deployed(FAILURE_OUTCOMES, days)}\nor\n${deployed(CHANGE_OUTCOMES, days)} * 0\n)\n/\n${deployed(CHANGE_OUTCOMES, days)}`,
    })),
    ...timeToRestore(ctx),
  ];
}

/**
 * Increments of a recorded counter sum since the previous evaluation: the difference to its last
 * value (within PREVIOUS_LOOKBACK, so a missed scrape does not count the whole total again), or
 * the whole value of a series that did not exist before (a counter is born at its first
 * increment) — unless the rules were not running then (a fresh Prometheus sees old totals, not
 * new deployments). A decrease (a restart) counts nothing.
 */
function delta(ctx: ItemContext, sum: string): string {
  const sel = selector(ctx);
  const offset = duration(DORA_INTERVAL_SECONDS);
  const previous = `last_over_time(${sum}${sel}[${PREVIOUS_LOOKBACK}] offset ${offset})`;
  const running = `last_over_time(${DORA_SERIES.evaluating}${sel}[${PREVIOUS_LOOKBACK}] offset ${offset})`;
  return `(${sum}${sel} - ${previous}) > 0\nor\n(\n  (${sum}${sel} unless ${previous})\n  and on ()\n  ${running}\n)`;
}

/**
 * Time to restore service: from the first failed (or rolled back) production deployment of an
 * application to its next successful one — the change is delivered again. `failing_since` holds
 * that first failure's time (the rule reads its own previous value); at the evaluation that sees
 * the success, `time_to_restore_seconds` records the duration once (one sample per restoration),
 * so the windowed median is the median over restorations. Times are those of the evaluations that
 * saw the deployments: each end is late by up to a scrape interval plus a minute. A failure and a
 * success within the same minute count as no failure.
 */
function timeToRestore(ctx: ItemContext): RecordingRule[] {
  const by = byLabels(ctx);
  const sel = selector(ctx);
  const s = DORA_SERIES;
  const success = `${s.deploymentsDelta}${selector(ctx, 'outcome="succeeded"')}`;
  const failure = `${s.deploymentsDelta}${selector(ctx, `outcome=~"${FAILURE_OUTCOMES}"`)}`;
  return [
    // Before failing_since in the group: it reads the previous evaluation's value.
    { record: s.restored, expr: `(time() - ${s.failingSince}${sel})\nand ignoring (outcome)\n${success}` },
    { record: s.failingSince, expr: `(\n  ${s.failingSince}${sel}\n  or\n  sum by (${by}, application) (${failure}) * 0 + time()\n)\nunless ignoring (outcome)\n${success}` },
    ...DORA_WINDOWS.map((days) => ({ record: s.timeToRestore(days), expr: `quantile_over_time(0.5, ${s.restored}${sel}[${days}d])` })),
  ];
}
