import { type AlertCase, type AlertDefinition, type RecordingRule, counter, defineAlert, itemSeries, once } from './alert-definition';
import { type Decimal, decimal, minus, text, times, toNumber } from './decimal';
import { type ItemContext, byLabels, primaryJob, selector, sloDashboard } from './item-context';
import {
  BURN_ALERTS,
  type BurnAlert,
  type BurnThreshold,
  ERROR_CODES,
  MIN_REQUESTS_IN_SHORT_WINDOW,
  REQUESTS_METRIC,
  SLI_WINDOWS,
  SLO_PERIOD,
  SLO_PERIOD_DAYS,
  type SliWindow,
  burnTable,
  errorBudget,
  objectiveRatio,
  sliErrorRecord,
} from './slo-table';

/**
 * Sloth's recording rules for the item's availability SLO: the 5xx ratio over every window, the
 * 30-day ratio as the mean of the 5m ratios, and the meta rules (objective, budget, period,
 * current and period burn rate, budget remaining) the SLO dashboard reads. Every series carries
 * the item's labels.
 */
export function sloRecordingRules(ctx: ItemContext): { sli: RecordingRule[]; meta: RecordingRule[] } {
  const by = byLabels(ctx);
  const sel = selector(ctx);
  const sli = SLI_WINDOWS.map((w) => ({
    record: sliErrorRecord(w),
    expr: `sum by (${by}) (rate(${REQUESTS_METRIC}${selector(ctx, `code=~"${ERROR_CODES}"`)}[${w}]))\n/\nsum by (${by}) (rate(${REQUESTS_METRIC}${sel}[${w}]))`,
  }));
  const fiveMinutes = `${sliErrorRecord('5m')}${sel}[${SLO_PERIOD}]`;
  const period = { record: sliErrorRecord(SLO_PERIOD), expr: `sum_over_time(${fiveMinutes})\n/\ncount_over_time(${fiveMinutes})` };
  const availability = ctx.input.sla_requirements.availability;
  const constant = (record: string, value: string) => ({ record, expr: `vector(${value})`, labels: ctx.labels });
  const meta = [
    constant('slo:objective:ratio', text(objectiveRatio(availability))),
    constant('slo:error_budget:ratio', text(errorBudget(availability))),
    constant('slo:time_period:days', String(SLO_PERIOD_DAYS)),
    { record: 'slo:current_burn_rate:ratio', expr: `${sliErrorRecord('5m')}${sel}\n/ on (${by})\nslo:error_budget:ratio${sel}` },
    { record: 'slo:period_burn_rate:ratio', expr: `${sliErrorRecord(SLO_PERIOD)}${sel}\n/ on (${by})\nslo:error_budget:ratio${sel}` },
    { record: 'slo:period_error_budget_remaining:ratio', expr: `1 - slo:period_burn_rate:ratio${sel}` },
  ];
  return { sli: [...sli, period], meta };
}

/** `sum by (…) (increase(http_requests_total{…}[w])) >= 10`: the minimum-traffic guard (MIN_REQUESTS_IN_SHORT_WINDOW). */
export function trafficGuard(ctx: ItemContext, window: SliWindow, metric = REQUESTS_METRIC): string {
  return `sum by (${byLabels(ctx)}) (increase(${metric}${selector(ctx)}[${window}])) >= ${MIN_REQUESTS_IN_SHORT_WINDOW}`;
}

/** The page and ticket burn alerts, both from BURN_ALERTS (one expression per row, OR-ed). */
export function burnAlerts(ctx: ItemContext): AlertDefinition[] {
  const table = burnTable(ctx.input.sla_requirements.availability);
  return BURN_ALERTS.map((alert) => burnAlert(ctx, alert, table.filter((row) => row.alertname === alert.alertname)));
}

function burnAlert(ctx: ItemContext, alert: BurnAlert, rows: readonly BurnThreshold[]): AlertDefinition {
  const sel = selector(ctx);
  const expr = rows
    .map((row) =>
      [`${sliErrorRecord(row.long)}${sel} > ${row.thresholdText}`, `and ${sliErrorRecord(row.short)}${sel} > ${row.thresholdText}`, `and ${trafficGuard(ctx, row.short)}`].join('\n  '),
    )
    .map((clause) => `(\n  ${clause}\n)`)
    .join('\nor\n');
  const name = ctx.item.name;
  const objective = `${ctx.input.sla_requirements.availability} %`;
  const tiers = rows.map((row) => `${row.factor}× over ${row.long} and ${row.short} (5xx ratio above ${row.thresholdText}; ${row.budgetSpent})`).join(', or ');
  return defineAlert(ctx, {
    alertname: alert.alertname,
    severity: alert.severity,
    expr,
    summary: `${name} is burning its ${objective} availability error budget too fast`,
    description: `The 5xx ratio of ${name} burns its error budget ${tiers}.`,
    meaning: `${name} answers too many requests with server errors for its ${objective} availability objective: at this rate it spends ${rows.map((r) => r.budgetSpent).join(', or ')}. Users see errors now.`,
    check: [
      `Open the SLO dashboard: which windows burn, and how much of the 30-day budget is left (slo:period_error_budget_remaining:ratio${sel}).`,
      `Query sum by (code, instance) (rate(${REQUESTS_METRIC}${selector(ctx, `code=~"${ERROR_CODES}"`)}[5m])) to see which instances and status codes fail.`,
      `Check what changed: the last deployment of ${name}, its dependencies' alerts, its logs around the start of the burn.`,
    ],
    mitigate: [
      `Roll back the last change of ${name} if the burn started with it.`,
      'Take failing instances out of rotation, or add capacity if errors come from overload.',
      'If a dependency fails, fail over or degrade gracefully; tell its owners.',
    ],
    dashboardUid: sloDashboard(ctx),
    cases: burnCases(ctx, rows),
  });
}

/**
 * For each row, errors at 1.25× its threshold fire the alert (once the windows hold two samples);
 * errors at 0.8× the alert's lowest threshold, and one failed request out of two, do not.
 */
function burnCases(ctx: ItemContext, rows: readonly BurnThreshold[]): AlertCase[] {
  const budget = errorBudget(ctx.input.sla_requirements.availability);
  const lowest = Math.min(...rows.map((row) => row.factor));
  const fires = rows.map((row): AlertCase => {
    const ratio = times(times(decimal(row.factor), decimal(1.25)), budget);
    return { name: `errors at 1.25 × the ${row.factor}× threshold (${text(ratio)}) over ${row.long} and ${row.short}`, expect: 'fires', series: errorRatioSeries(ctx, ratio), labels: ctx.labels, conditionAt: ctx.input.timing.scrape_interval_seconds };
  });
  const below = times(times(decimal(lowest), decimal(0.8)), budget);
  return [
    ...fires,
    { name: `errors at 0.8 × the lowest (${lowest}×) threshold (${text(below)})`, expect: 'silent', series: errorRatioSeries(ctx, below) },
    lowTrafficCase(ctx),
  ];
}

/** `http_requests_total` of the item: 1000 requests a sample, `ratio` of them 5xx. */
export function errorRatioSeries(ctx: ItemContext, ratio: Decimal) {
  const perSample = decimal(1000);
  const errors = times(perSample, ratio);
  const instance = ctx.item.targets[0] ?? 'no-target:80';
  if (toNumber(errors) > 1000) throw new Error(`error ratio ${text(ratio)} is above 1`);
  return [
    { series: itemSeries(ctx, REQUESTS_METRIC, primaryJob(ctx.item), instance, { code: '200' }), values: counter(text(minus(perSample, errors))) },
    { series: itemSeries(ctx, REQUESTS_METRIC, primaryJob(ctx.item), instance, { code: '500' }), values: counter(text(errors)) },
  ];
}

/** One request succeeds and one fails, then nothing: a 50 % error ratio the traffic guard must not page on. */
export function lowTrafficCase(ctx: ItemContext): AlertCase {
  const instance = ctx.item.targets[0] ?? 'no-target:80';
  return {
    name: `one failed request out of two (below ${MIN_REQUESTS_IN_SHORT_WINDOW} requests in the short window)`,
    expect: 'silent',
    series: [
      { series: itemSeries(ctx, REQUESTS_METRIC, primaryJob(ctx.item), instance, { code: '200' }), values: once(1) },
      { series: itemSeries(ctx, REQUESTS_METRIC, primaryJob(ctx.item), instance, { code: '500' }), values: once(1) },
    ],
  };
}
