import { BUNDLE_LAYOUT } from '../../bundle.types';
import type { AlertCase, AlertDefinition } from './alert-definition';
import { type ItemContext, duration, seconds } from './item-context';

/** How long after the last possible firing a silent case is still watched. */
const SILENT_WATCH_SECONDS = 300;

interface Timing {
  /** Prometheus's evaluation interval (the test file's `evaluation_interval`). */
  readonly evaluation: number;
  /** Seconds between input samples (each test's `interval`): the scrape interval. */
  readonly sample: number;
}

/**
 * `prometheus/tests/<item>.test.yml`: one `promtool test rules` case per AlertCase of every
 * definition, at the setup's own scrape and evaluation intervals. A `fires` case checks the alert
 * is firing, with its exact labels and annotations, at the first evaluation allowed by its
 * condition and `for:`, and absent one evaluation earlier; a `silent` case checks no alert of that
 * name at that time and well after.
 */
export function ruleTestFile(ctx: ItemContext, definitions: readonly AlertDefinition[]) {
  const timing: Timing = { evaluation: ctx.input.timing.evaluation_interval_seconds, sample: ctx.input.timing.scrape_interval_seconds };
  const rulesFile = BUNDLE_LAYOUT.rules(ctx.item.name).replace(/^prometheus\//, '../');
  return {
    rule_files: [rulesFile],
    evaluation_interval: duration(timing.evaluation),
    tests: definitions.flatMap((definition) => definition.cases.map((c) => testCase(definition, c, timing))),
  };
}

/** How many `promtool test rules` cases a test file holds. */
export function ruleTestCount(testFile: { tests?: unknown }): number {
  return Array.isArray(testFile.tests) ? testFile.tests.length : 0;
}

function testCase(definition: AlertDefinition, c: AlertCase, timing: Timing) {
  const { rule } = definition;
  const firesAt = firingTime(definition, c.expect === 'fires' ? (c.conditionAt ?? 0) : timing.sample, timing);
  const checks = c.expect === 'fires' ? firingChecks(definition, c, firesAt, timing) : silentChecks(definition, firesAt, timing);
  const horizon = Math.max(...checks.map((check) => check.seconds));
  const samples = Math.ceil(horizon / timing.sample) + 1;
  return {
    name: `${rule.alert} ${c.expect === 'fires' ? 'fires' : 'stays silent'}: ${c.name}`,
    interval: duration(timing.sample),
    input_series: c.series.map((s) => ({ series: s.series, values: s.values(samples) })),
    alert_rule_test: checks.map((check) => ({ eval_time: duration(check.seconds), alertname: rule.alert, exp_alerts: check.alerts })),
  };
}

/** The first evaluation at or after `conditionAt`, plus `for:` rounded up to whole evaluations. */
export function firingTime(definition: AlertDefinition, conditionAt: number, timing: Timing): number {
  const forSeconds = definition.rule.for ? seconds(definition.rule.for) : 0;
  const firstHolds = Math.ceil(conditionAt / timing.evaluation) * timing.evaluation;
  return firstHolds + Math.ceil(forSeconds / timing.evaluation) * timing.evaluation;
}

type Check = { seconds: number; alerts: Array<{ exp_labels: Record<string, string>; exp_annotations: Record<string, string> }> };

function firingChecks(definition: AlertDefinition, c: AlertCase, firesAt: number, timing: Timing): Check[] {
  const labels = { ...(c.labels ?? {}), ...definition.rule.labels };
  const annotations = Object.fromEntries(Object.entries(definition.rule.annotations).map(([name, value]) => [name, expand(value, labels)]));
  const firing: Check = { seconds: firesAt, alerts: [{ exp_labels: labels, exp_annotations: annotations }] };
  return firesAt >= timing.evaluation ? [{ seconds: firesAt - timing.evaluation, alerts: [] }, firing] : [firing];
}

function silentChecks(definition: AlertDefinition, firesAt: number, timing: Timing): Check[] {
  const forSeconds = definition.rule.for ? seconds(definition.rule.for) : 0;
  const later = Math.ceil((firesAt + Math.max(SILENT_WATCH_SECONDS, forSeconds)) / timing.evaluation) * timing.evaluation;
  return [firesAt, later].map((at) => ({ seconds: at, alerts: [] }));
}

/** `{{ $labels.name }}` → the label's value: the only template the generated annotations use. */
function expand(template: string, labels: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{ \$labels\.([a-zA-Z_][a-zA-Z0-9_]*) \}\}/g, (whole, name: string) => labels[name] ?? whole);
}
