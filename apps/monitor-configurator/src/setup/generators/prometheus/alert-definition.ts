import { type AlertSeverity, type AlertSpec, ITEM_LABELS } from '../../bundle.types';
import { type ItemContext, dashboardUrl, duration, severityFor } from './item-context';

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** One input series of a generated rule test: the series and its values for `samples` steps (promtool's `a+bxN` notation). */
export interface TestSeries {
  readonly series: string;
  readonly values: (samples: number) => string;
}

/**
 * One generated test of an alert. `fires`: the alert must be firing once its expression has held
 * since `conditionAt` for `for:` (rounded up to evaluations), with exactly the labels the
 * expression gives (`labels`) plus the rule's, and not one evaluation earlier. `silent`: no alert
 * of that name at any checked time.
 */
export interface AlertCase {
  readonly name: string;
  readonly expect: 'fires' | 'silent';
  readonly series: readonly TestSeries[];
  readonly labels?: Readonly<Record<string, string>>;
  /** Seconds after the start when the expression first holds (default 0). */
  readonly conditionAt?: number;
}

/** An alerting rule with what its runbook says and the cases that prove it: rules, runbooks and tests come from this one value. */
export interface AlertDefinition {
  readonly rule: AlertingRule;
  readonly spec: AlertSpec;
  readonly cases: readonly AlertCase[];
}

export interface AlertParts {
  readonly alertname: string;
  /** The severity for tier 1 and 2 items (tier 3 never pages: see severityFor). */
  readonly severity: AlertSeverity;
  readonly expr: string;
  /** `for:` in seconds; 0 or absent: fires on the first evaluation that holds. */
  readonly forSeconds?: number;
  readonly summary: string;
  /** May name `{{ $labels.instance }}`: the only template the annotations use, so tests can expand them exactly. */
  readonly description: string;
  readonly meaning: string;
  readonly check: readonly string[];
  readonly mitigate: readonly string[];
  readonly dashboardUid: string;
  readonly cases: readonly AlertCase[];
}

/** The rule and the runbook entry of one alert, with the labels and annotations every alert carries. */
export function defineAlert(ctx: ItemContext, parts: AlertParts): AlertDefinition {
  const severity = severityFor(ctx, parts.severity);
  const forText = parts.forSeconds ? duration(parts.forSeconds) : undefined;
  const labels = { severity, ...Object.fromEntries(ITEM_LABELS.map((name) => [name, ctx.labels[name] ?? ''])) };
  const annotations = {
    summary: parts.summary,
    description: parts.description,
    runbook_url: `${ctx.urls.runbooks}${ctx.item.name}/${parts.alertname}.html`,
    dashboard_url: dashboardUrl(ctx, parts.dashboardUid),
  };
  const rule: AlertingRule = { alert: parts.alertname, expr: parts.expr, ...(forText ? { for: forText } : {}), labels, annotations };
  const spec: AlertSpec = {
    alertname: parts.alertname,
    service: ctx.item.name,
    severity,
    expr: parts.expr,
    ...(forText ? { for: forText } : {}),
    summary: parts.summary,
    meaning: parts.meaning,
    check: parts.check,
    mitigate: parts.mitigate,
    dashboardUid: parts.dashboardUid,
  };
  return { rule, spec, cases: parts.cases };
}

/** `metric{a="b",…}` for an input series (values quoted as PromQL strings). */
export function seriesText(metric: string, labels: Readonly<Record<string, string>>): string {
  return `${metric}{${Object.entries(labels).map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(',')}}`;
}

/** The same value at every sample. */
export const gauge = (value: number | string) => (samples: number) => `${value}x${samples}`;
/** A counter from 0 growing by `step` every sample. */
export const counter = (step: number | string) => (samples: number) => `0+${step}x${samples}`;
/** A counter that grows by `step` once and then stays (a near-idle service). */
export const once = (step: number | string) => (samples: number) => `0 ${step}x${samples - 1}`;

/** A series of the item: its job and first instance, and the labels relabelling gives every series. */
export function itemSeries(ctx: ItemContext, metric: string, job: string, instance: string, extra: Readonly<Record<string, string>> = {}): string {
  return seriesText(metric, { job, instance, ...ctx.labels, ...extra });
}
