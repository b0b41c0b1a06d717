import { BUNDLE_LAYOUT } from '../../bundle.types';
import { seriesText } from '../prometheus/alert-definition';
import { type ItemContext, duration, scrapeJob, selector } from '../prometheus/item-context';
import { DORA_INTERVAL_SECONDS, DORA_SERIES, DORA_WINDOWS, PRODUCTION } from './dora-rules';
import {
  ASSERT_AT,
  DEPLOYMENTS,
  type Deployment,
  HISTORY,
  LEAD_TIME_BUCKETS,
  NEXT_DAY,
  applications,
  changeFailureRate,
  failingSince,
  medianLeadTime,
  medianTimeToRestore,
  restorations,
  successes,
} from './dora-scenario';

/** The bundle name of an item's DORA rules and tests (`prometheus/rules/<item>-dora.yml`). */
export const doraRulesName = (item: string) => `${item}-dora`;

/**
 * `prometheus/tests/<item>-dora.test.yml`: the scenario of dora-scenario.ts replayed as the item's
 * scraped counters (one sample a minute, the DORA group's interval), one `promtool test rules`
 * case per key asserting the recorded values the scenario's arithmetic gives. Only the deployment
 * frequency case runs for a day of evaluations (the 1-day window); the others stop after two hours.
 */
export function doraRuleTestFile(ctx: ItemContext) {
  const interval = duration(DORA_INTERVAL_SECONDS);
  const cases: Array<{ name: string; promql_expr_test: ExprTest[] }> = [
    { name: 'DORA deployment frequency: successful production deployments of this mesh, history and staging excluded', promql_expr_test: frequencyTests(ctx) },
    { name: 'DORA lead time: median of the window, from the histogram buckets', promql_expr_test: leadTimeTests(ctx) },
    { name: 'DORA change failure rate: failed and rolled back over changes, errored excluded', promql_expr_test: failureRateTests(ctx) },
    { name: 'DORA time to restore: first failure to next success, once per restoration', promql_expr_test: restoreTests(ctx) },
  ];
  return {
    rule_files: [BUNDLE_LAYOUT.rules(doraRulesName(ctx.item.name)).replace(/^prometheus\//, '../')],
    evaluation_interval: interval,
    tests: cases.map((c) => {
      const horizon = Math.max(...c.promql_expr_test.map((t) => t.at));
      return { name: c.name, interval, input_series: inputSeries(ctx, horizon), promql_expr_test: c.promql_expr_test.map(({ at: _at, ...test }) => test) };
    }),
  };
}

interface ExprTest {
  /** Seconds of eval_time. */
  readonly at: number;
  readonly expr: string;
  readonly eval_time: string;
  readonly exp_samples: Array<{ labels: string; value: number }>;
}

/** `record{item}` at `at`: one sample per application the oracle gives a value for, none for the others. */
function expect(ctx: ItemContext, record: string, at: number, value: (application: string) => number | undefined): ExprTest {
  const exp_samples = applications().flatMap((application) => {
    const v = value(application);
    return v === undefined ? [] : [{ labels: seriesText(record, { ...ctx.labels, application }), value: v }];
  });
  return { at, expr: `${record}${selector(ctx)}`, eval_time: duration(at), exp_samples };
}

function frequencyTests(ctx: ItemContext): ExprTest[] {
  const s = DORA_SERIES;
  const firstFix = 3600;
  return [
    expect(ctx, s.deploymentsLastDay, firstFix, (app) => successes(app, firstFix, 1)),
    expect(ctx, s.deploymentsLastDay, ASSERT_AT, (app) => successes(app, ASSERT_AT, 1)),
    expect(ctx, s.deploymentsLastDay, NEXT_DAY, (app) => successes(app, NEXT_DAY, 1)),
    ...DORA_WINDOWS.map((days) => expect(ctx, s.deploymentFrequency(days), NEXT_DAY, (app) => successes(app, NEXT_DAY, days) / days)),
  ];
}

function leadTimeTests(ctx: ItemContext): ExprTest[] {
  return DORA_WINDOWS.map((days) => expect(ctx, DORA_SERIES.leadTime(days), ASSERT_AT, (app) => medianLeadTime(app, ASSERT_AT, days)));
}

function failureRateTests(ctx: ItemContext): ExprTest[] {
  const afterRollback = 2460;
  return [
    expect(ctx, DORA_SERIES.changeFailureRate(7), afterRollback, (app) => changeFailureRate(app, afterRollback, 7)),
    ...DORA_WINDOWS.map((days) => expect(ctx, DORA_SERIES.changeFailureRate(days), ASSERT_AT, (app) => changeFailureRate(app, ASSERT_AT, days))),
  ];
}

function restoreTests(ctx: ItemContext): ExprTest[] {
  const s = DORA_SERIES;
  const restoredAt = (at: number) => (app: string) => restorations(app).find((r) => r.at === at)?.seconds;
  const moments = [...new Set(DEPLOYMENTS.flatMap((d) => [d.at, d.at + DORA_INTERVAL_SECONDS]))].sort((a, b) => a - b);
  return [
    ...moments.map((at) => expect(ctx, s.failingSince, at, (app) => failingSince(app, at))),
    ...moments.map((at) => expect(ctx, s.restored, at, restoredAt(at))),
    ...DORA_WINDOWS.map((days) => expect(ctx, s.timeToRestore(days), ASSERT_AT, (app) => medianTimeToRestore(app, ASSERT_AT, days))),
  ];
}

/** A counter's value at each sample: its history (absent: born at its first increment) plus the increments so far. */
interface CounterSeries {
  readonly labels: Record<string, string>;
  readonly initial?: number;
  readonly increments: Array<{ at: number; by: number }>;
}

/** The scraped series up to `horizon` seconds. */
function inputSeries(ctx: ItemContext, horizon: number): Array<{ series: string; values: string }> {
  const samples = Math.floor(horizon / DORA_INTERVAL_SECONDS) + 1;
  return [...deploymentCounters(ctx), ...leadTimeBuckets(ctx)].map((c) => ({ series: seriesText(c.labels.__name__ as string, withoutName(c.labels)), values: values(c, samples) }));
}

/** The labels a scraped series of the item carries: its job, instance, the item's labels; the planner's own `service` became `exported_service`. */
function scraped(ctx: ItemContext, metric: string, scope: Deployment['scope'], extra: Record<string, string>): Record<string, string> {
  const job = scrapeJob(ctx.item);
  const item = scope === 'other' ? { ...ctx.labels, service: `not-${ctx.item.name}` } : ctx.labels;
  return { __name__: metric, job, instance: ctx.item.targets[0] ?? 'localhost:9464', ...item, exported_service: 'planner', ...extra };
}

function deploymentCounters(ctx: ItemContext): CounterSeries[] {
  const series = new Map<string, CounterSeries>();
  const get = (scope: Deployment['scope'], extra: Record<string, string>, initial?: number) => {
    const labels = scraped(ctx, 'jetway_deployments_total', scope, extra);
    const key = JSON.stringify(labels);
    if (!series.has(key)) series.set(key, { labels, ...(initial === undefined ? {} : { initial }), increments: [] });
    return series.get(key) as CounterSeries;
  };
  for (const h of HISTORY) {
    get('item', { application: h.application, environment: PRODUCTION, outcome: 'succeeded' }, h.succeeded);
    if (h.failed > 0) get('item', { application: h.application, environment: PRODUCTION, outcome: 'failed' }, h.failed);
  }
  for (const d of DEPLOYMENTS) get(d.scope, { application: d.application, environment: d.environment, outcome: d.outcome }).increments.push({ at: d.at, by: 1 });
  return [...series.values()];
}

function leadTimeBuckets(ctx: ItemContext): CounterSeries[] {
  const bounds = [...LEAD_TIME_BUCKETS.map(String), '+Inf'];
  const limit = (le: string) => (le === '+Inf' ? Infinity : Number(le));
  const fromHistory = HISTORY.flatMap((h) =>
    bounds.map((le) => ({
      labels: scraped(ctx, 'jetway_lead_time_seconds_bucket', 'item', { application: h.application, le }),
      initial: h.fastLeadTimes,
      increments: DEPLOYMENTS.filter((d) => (d.scope ?? 'item') === 'item' && d.application === h.application && d.leadTime !== undefined && d.leadTime <= limit(le)).map((d) => ({ at: d.at, by: 1 })),
    })),
  );
  const other = DEPLOYMENTS.filter((d) => d.scope === 'other' && d.leadTime !== undefined);
  const fromOther = other.flatMap((d) => bounds.map((le) => ({ labels: scraped(ctx, 'jetway_lead_time_seconds_bucket', 'other', { application: d.application, le }), increments: [{ at: d.at, by: (d.leadTime as number) <= limit(le) ? 1 : 0 }] })));
  return [...fromHistory, ...fromOther];
}

/** promtool's expanding notation, run-length encoded: `_xN` is N missing samples, `vxN` is N + 1 samples of v. */
function values(c: CounterSeries, samples: number): string {
  const runs: Array<{ value: number | undefined; length: number }> = [];
  for (let k = 0; k < samples; k++) {
    const at = k * DORA_INTERVAL_SECONDS;
    const grown = c.increments.filter((i) => i.at <= at);
    const value = c.initial === undefined && grown.length === 0 ? undefined : (c.initial ?? 0) + grown.reduce((sum, i) => sum + i.by, 0);
    const last = runs.at(-1);
    if (last && last.value === value) last.length += 1;
    else runs.push({ value, length: 1 });
  }
  return runs.map((r) => (r.value === undefined ? `_x${r.length}` : `${r.value}x${r.length - 1}`)).join(' ');
}

function withoutName(labels: Record<string, string>): Record<string, string> {
  const { __name__: _name, ...rest } = labels;
  return rest;
}
