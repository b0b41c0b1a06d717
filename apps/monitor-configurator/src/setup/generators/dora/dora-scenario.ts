import { PRODUCTION } from './dora-rules';

// The history the generated DORA rule tests replay, and what the four keys must be after it,
// worked out from the events alone (counting, medians), never from the rules' PromQL.

const DAY = 86_400;

/** Buckets of `jetway_lead_time_seconds`, as libs/telemetry/src/metrics.ts declares them. */
export const LEAD_TIME_BUCKETS = [10, 30, 60, 300, 900, 3600, 14400, 86400] as const;

/** One finished deploy step, as the planner counts it. `scope: 'other'`: a series of another Jetway mesh. */
export interface Deployment {
  /** Seconds from the test's start, a whole minute (the rules' evaluation grid). */
  readonly at: number;
  readonly application: string;
  readonly outcome: 'succeeded' | 'failed' | 'rolled_back' | 'errored';
  readonly environment: string;
  /** Request → production seconds, observed for a successful production deployment. */
  readonly leadTime?: number;
  readonly scope?: 'item' | 'other';
}

/** Counter totals the planner had before the test's Prometheus first saw it: none of them is a new deployment. */
export interface History {
  readonly application: string;
  readonly succeeded: number;
  readonly failed: number;
  /** Lead times observed then, all under the first bucket. */
  readonly fastLeadTimes: number;
}

export const HISTORY: readonly History[] = [
  { application: 'shop', succeeded: 10, failed: 1, fastLeadTimes: 10 },
  { application: 'api', succeeded: 4, failed: 0, fastLeadTimes: 4 },
];

const P = PRODUCTION;
/** Two hours of deliveries: a failed deploy, a rollback (first of its series), a fix; an errored deploy, a failure and its fix. */
export const DEPLOYMENTS: readonly Deployment[] = [
  { at: 600, application: 'shop', outcome: 'succeeded', environment: P, leadTime: 100 },
  { at: 1200, application: 'shop', outcome: 'succeeded', environment: 'staging' },
  { at: 1500, application: 'shop', outcome: 'succeeded', environment: P, leadTime: 20, scope: 'other' },
  { at: 1800, application: 'shop', outcome: 'failed', environment: P },
  { at: 2400, application: 'shop', outcome: 'rolled_back', environment: P },
  { at: 3600, application: 'shop', outcome: 'succeeded', environment: P, leadTime: 1000 },
  { at: 4200, application: 'shop', outcome: 'errored', environment: P },
  { at: 4800, application: 'shop', outcome: 'failed', environment: P },
  { at: 6000, application: 'shop', outcome: 'succeeded', environment: P, leadTime: 40 },
];

/** When the keys are asserted: after the deliveries. */
export const ASSERT_AT = 7200;
/** When the 1-day window has let go of the first fix but not of the last: the one assertion that needs a day of evaluations. */
export const NEXT_DAY = DAY + 3900;

const counted = (d: Deployment) => d.environment === PRODUCTION && (d.scope ?? 'item') === 'item';
const CHANGES = new Set(['succeeded', 'failed', 'rolled_back']);
const FAILURES = new Set(['failed', 'rolled_back']);

/** The production deployments of the item in the window of `seconds` ending at `at`. */
function inWindow(application: string, at: number, seconds: number): Deployment[] {
  return DEPLOYMENTS.filter((d) => counted(d) && d.application === application && d.at <= at && d.at > at - seconds);
}

export const applications = () => HISTORY.map((h) => h.application);

/** Successful production deployments in the window. */
export function successes(application: string, at: number, days: number): number {
  return inWindow(application, at, days * DAY).filter((d) => d.outcome === 'succeeded').length;
}

/** Failed or rolled back over all changes in the window; undefined without any change. */
export function changeFailureRate(application: string, at: number, days: number): number | undefined {
  const changes = inWindow(application, at, days * DAY).filter((d) => CHANGES.has(d.outcome));
  return changes.length === 0 ? undefined : changes.filter((d) => FAILURES.has(d.outcome)).length / changes.length;
}

/** The median lead time as the histogram gives it (Prometheus's histogram_quantile); undefined without a deployment. */
export function medianLeadTime(application: string, at: number, days: number): number | undefined {
  const times = inWindow(application, at, days * DAY).flatMap((d) => (d.leadTime === undefined ? [] : [d.leadTime]));
  return times.length === 0 ? undefined : bucketQuantile(0.5, times);
}

/** Each restoration: when the success came, and seconds since the first failure before it. */
export function restorations(application: string): Array<{ at: number; seconds: number }> {
  let failingSince: number | undefined;
  const restored: Array<{ at: number; seconds: number }> = [];
  for (const d of DEPLOYMENTS.filter((x) => counted(x) && x.application === application)) {
    if (FAILURES.has(d.outcome)) failingSince ??= d.at;
    if (d.outcome === 'succeeded' && failingSince !== undefined) {
      restored.push({ at: d.at, seconds: d.at - failingSince });
      failingSince = undefined;
    }
  }
  return restored;
}

/** When the application's production has been failing since, at `at` (undefined: it is not). */
export function failingSince(application: string, at: number): number | undefined {
  let since: number | undefined;
  for (const d of DEPLOYMENTS.filter((x) => counted(x) && x.application === application && x.at <= at)) {
    if (FAILURES.has(d.outcome)) since ??= d.at;
    if (d.outcome === 'succeeded') since = undefined;
  }
  return since;
}

/** The median time to restore over the window; undefined without a restoration. */
export function medianTimeToRestore(application: string, at: number, days: number): number | undefined {
  const seconds = restorations(application)
    .filter((r) => r.at <= at && r.at > at - days * DAY)
    .map((r) => r.seconds);
  return seconds.length === 0 ? undefined : quantile(0.5, seconds);
}

/** Prometheus's `quantile`: linear interpolation between the closest ranks. */
export function quantile(q: number, values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = q * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.min(sorted.length - 1, lower + 1);
  const weight = rank - lower;
  return (sorted[lower] as number) * (1 - weight) + (sorted[upper] as number) * weight;
}

/** Prometheus's histogram_quantile over LEAD_TIME_BUCKETS: linear within the bucket the rank falls in. */
export function bucketQuantile(q: number, observations: readonly number[]): number {
  const counts = LEAD_TIME_BUCKETS.map((bound) => observations.filter((o) => o <= bound).length);
  const rank = q * observations.length;
  const index = counts.findIndex((count) => count >= rank);
  if (index === -1) return LEAD_TIME_BUCKETS[LEAD_TIME_BUCKETS.length - 1] as number;
  const lowerBound = index === 0 ? 0 : (LEAD_TIME_BUCKETS[index - 1] as number);
  const below = index === 0 ? 0 : (counts[index - 1] as number);
  return lowerBound + ((LEAD_TIME_BUCKETS[index] as number) - lowerBound) * ((rank - below) / ((counts[index] as number) - below));
}
