import { type AlertDefinition, counter, defineAlert, gauge, itemSeries, once, type TestSeries } from './alert-definition';
import { type Decimal, decimal, lessThan, shift, text, times } from './decimal';
import { type ItemContext, primaryJob, probeJob, redDashboard, selector } from './item-context';
import { errorBudget, DURATION_METRIC, sliErrorRecord } from './slo-table';
import { errorRatioSeries, lowTrafficCase, trafficGuard } from './slo-rules';

const firstInstance = (ctx: ItemContext) => ctx.item.targets[0] ?? ctx.item.probes[0] ?? 'unknown';

/** `up == 0` on any job of the item: a scrape target that does not answer, or a blackbox exporter its probes cannot reach. */
export function targetDown(ctx: ItemContext): AlertDefinition {
  const name = ctx.item.name;
  const series = (value: number) => [{ series: itemSeries(ctx, 'up', primaryJob(ctx.item), firstInstance(ctx)), values: gauge(value) }];
  return defineAlert(ctx, {
    alertname: 'TargetDown',
    severity: 'page',
    expr: `up${selector(ctx)} == 0`,
    forSeconds: ctx.input.timing.alert_for_seconds,
    summary: `${name}: a target cannot be scraped`,
    description: `Prometheus cannot scrape {{ $labels.instance }} (job {{ $labels.job }}) of ${name}.`,
    meaning: `Prometheus gets no answer from one of ${name}'s metrics endpoints (or, for a probe job, from the blackbox exporter): the process is down, unreachable, or too slow to answer within the scrape timeout. Nothing it does is measured while this lasts.`,
    check: [
      `Open Prometheus's Targets page, job of the alert: the error column says why the scrape failed (connection refused, timeout, 404).`,
      `From the Prometheus host, fetch the target's metrics URL (curl http://<instance>${ctx.item.metrics_path}).`,
      `Look at the host or container of ${name}: is the process running, did it restart, is the port open?`,
    ],
    mitigate: [`Restart ${name} on the failing instance, or replace the instance.`, 'If the address changed, update the inventory and rerun the monitoring setup.'],
    dashboardUid: redDashboard(ctx),
    cases: [
      { name: 'the target answers no scrape', expect: 'fires', series: series(0), labels: { job: primaryJob(ctx.item), instance: firstInstance(ctx), ...ctx.labels } },
      { name: 'the target is up', expect: 'silent', series: series(1) },
    ],
  });
}

/**
 * `absent(up{job=…, service=…, team=…, tier=…, setup=…})`: Prometheus has no target of this item
 * at all. Scoped by the item's labels, so another service's series cannot hide the missing one.
 */
export function metricsAbsent(ctx: ItemContext): AlertDefinition {
  const name = ctx.item.name;
  const job = primaryJob(ctx.item);
  const up = (labels: Record<string, string>) => [{ series: itemSeries(ctx, 'up', job, firstInstance(ctx), labels), values: gauge(1) }];
  const expected = { job, service: name, team: ctx.item.team, tier: ctx.item.tier, setup: ctx.input.name };
  return defineAlert(ctx, {
    alertname: 'MetricsAbsent',
    severity: 'page',
    expr: `absent(up${selector(ctx, `job=${JSON.stringify(job)}`)})`,
    forSeconds: ctx.input.timing.alert_for_seconds,
    summary: `${name} is not monitored: Prometheus has no target for it`,
    description: `No up series for job ${job} of ${name}: its targets are gone from Prometheus, so none of its other alerts can fire.`,
    meaning: `Prometheus does not scrape ${name} at all: the job or its targets file is missing or empty, or its labels changed. Every other alert of ${name} is blind until this is fixed.`,
    check: [
      `In Prometheus, query up{job="${job}"}: no result means the job has no targets.`,
      `Check that prometheus/targets/${job}.json exists and lists the targets, and that prometheus.yml has the job (Status → Configuration).`,
      'Look at the last apply of the monitoring setup: did it fail or remove the item?',
    ],
    mitigate: [`Rerun the monitoring setup with ${name} in the inventory.`, 'If the inventory changed on purpose, the alert resolves once the item is removed from the setup.'],
    dashboardUid: redDashboard(ctx),
    cases: [
      { name: 'only another service is scraped', expect: 'fires', series: up({ service: `${name}-neighbour` }), labels: expected },
      { name: 'the item is scraped', expect: 'silent', series: up({}) },
    ],
  });
}

/** `probe_success == 0`: the blackbox exporter's HTTP probe of a URL failed (no 2xx in time). */
export function probeFailed(ctx: ItemContext): AlertDefinition {
  const name = ctx.item.name;
  const job = probeJob(ctx.item);
  const url = ctx.item.probes[0] ?? '';
  const series = (value: number) => [{ series: itemSeries(ctx, 'probe_success', job, url), values: gauge(value) }];
  return defineAlert(ctx, {
    alertname: 'ProbeFailed',
    severity: 'page',
    expr: `probe_success${selector(ctx, `job=${JSON.stringify(job)}`)} == 0`,
    forSeconds: ctx.input.timing.alert_for_seconds,
    summary: `${name}: an HTTP probe fails`,
    description: `The blackbox exporter gets no 2xx answer from {{ $labels.instance }} (${name}).`,
    meaning: `An endpoint of ${name} that users reach does not answer with a 2xx status in time, as seen from outside the service.`,
    check: [
      'Fetch the URL yourself (curl -sv <instance>): status, TLS, DNS, time to answer.',
      `Query probe_http_status_code and probe_duration_seconds${selector(ctx, `job="${job}"`)} for what the probe saw.`,
      `Check ${name}'s own alerts (TargetDown, error budget burn) and its load balancer.`,
    ],
    mitigate: [`Restore ${name}'s endpoint: restart, roll back the last change, or fail over.`, 'If DNS or a certificate broke, fix it at the source and watch the probe recover.'],
    dashboardUid: redDashboard(ctx),
    cases: [
      { name: 'the probe fails', expect: 'fires', series: series(0), labels: { job, instance: url, ...ctx.labels } },
      { name: 'the probe succeeds', expect: 'silent', series: series(1) },
    ],
  });
}

/** p99 latency from the `http_request_duration_seconds` histogram above `response_time_p99`, with the traffic guard. */
export function latencyHigh(ctx: ItemContext): AlertDefinition {
  const name = ctx.item.name;
  const ms = ctx.input.sla_requirements.response_time_p99;
  const bound = shift(decimal(ms), 3);
  const by = Object.keys(ctx.labels).join(', ');
  const expr = `histogram_quantile(0.99, sum by (le, ${by}) (rate(${DURATION_METRIC}_bucket${selector(ctx)}[5m]))) > ${text(bound)}\nand\n${trafficGuard(ctx, '5m', `${DURATION_METRIC}_count`)}`;
  return defineAlert(ctx, {
    alertname: 'LatencyP99High',
    severity: 'ticket',
    expr,
    forSeconds: ctx.input.timing.alert_for_seconds,
    summary: `${name}: p99 latency above ${ms} ms`,
    description: `The 99th percentile of ${name}'s request duration over 5m is above ${ms} ms (${text(bound)} s).`,
    meaning: `One request in a hundred to ${name} takes longer than the ${ms} ms the SLA allows: users wait, clients may time out and retry.`,
    check: [
      `Open the RED dashboard of ${name}: duration panel, by instance.`,
      `Query histogram_quantile(0.99, sum by (le, instance) (rate(${DURATION_METRIC}_bucket${selector(ctx)}[5m]))) for the slow instances.`,
      `Check saturation (CPU, memory, connection pools) and the latency of ${name}'s dependencies.`,
    ],
    mitigate: ['Add capacity or shed load if saturated.', `Roll back the last change of ${name} if the latency started with it.`],
    dashboardUid: redDashboard(ctx),
    cases: latencyCases(ctx, bound),
  });
}

function latencyCases(ctx: ItemContext, bound: Decimal) {
  const instance = ctx.item.targets[0] ?? 'unknown';
  const job = primaryJob(ctx.item);
  const buckets = [text(times(bound, decimal(0.5))), text(bound), text(times(bound, decimal(2))), '+Inf'];
  /** Requests per sample in each bucket: `fast` land in the lowest, the rest between the bound and twice it. */
  const histogram = (counts: (bucket: number) => TestSeries['values']): TestSeries[] => [
    ...buckets.map((le, i) => ({ series: itemSeries(ctx, `${DURATION_METRIC}_bucket`, job, instance, { le }), values: counts(i) })),
    { series: itemSeries(ctx, `${DURATION_METRIC}_count`, job, instance), values: counts(buckets.length - 1) },
  ];
  return [
    { name: 'every request takes between the bound and twice it', expect: 'fires' as const, series: histogram((i) => (i >= 2 ? counter(100) : gauge(0))), labels: ctx.labels, conditionAt: ctx.input.timing.scrape_interval_seconds },
    { name: 'every request takes under half the bound', expect: 'silent' as const, series: histogram(() => counter(100)) },
    { name: 'two slow requests, then none (below the traffic guard)', expect: 'silent' as const, series: histogram((i) => (i >= 2 ? once(2) : gauge(0))) },
  ];
}

/**
 * The 5xx ratio over 5m above `sla_requirements.error_rate`, for `alert_for_seconds`: only when
 * that rate is below the error budget. At or above it, the burn alerts already fire on any such
 * ratio that lasts (the ticket one at 1× the budget), sooner the higher it is, and a second alert
 * on the same ratio over a shorter window would only add noise: `note` says so instead.
 */
export function errorRateHigh(ctx: ItemContext): { definitions: AlertDefinition[]; note?: string } {
  const { availability, error_rate: errorRate } = ctx.input.sla_requirements;
  const limit = shift(decimal(errorRate), 2);
  const budget = errorBudget(availability);
  if (!lessThan(limit, budget)) {
    return { definitions: [], note: `No ErrorRateHigh alert: the SLA error rate ${errorRate} % is not below the error budget of the ${availability} % objective (${text(budget)}), so the error budget burn alerts already cover it.` };
  }
  const name = ctx.item.name;
  const sel = selector(ctx);
  const definition = defineAlert(ctx, {
    alertname: 'ErrorRateHigh',
    severity: 'ticket',
    expr: `${sliErrorRecord('5m')}${sel} > ${text(limit)}\nand\n${trafficGuard(ctx, '5m')}`,
    forSeconds: ctx.input.timing.alert_for_seconds,
    summary: `${name}: 5xx ratio above the SLA error rate of ${errorRate} %`,
    description: `More than ${errorRate} % of ${name}'s requests (ratio ${text(limit)}) failed with a 5xx over the last 5m: stricter than its availability budget (${text(budget)}), so the burn alerts would not see it.`,
    meaning: `${name} fails more requests than its SLA's error rate allows, although not yet enough to threaten the availability objective.`,
    check: [`Query sum by (code, instance) (rate(http_requests_total${selector(ctx, 'code=~"5.."')}[5m])).`, `Look at ${name}'s logs for the failing requests and at its last change.`],
    mitigate: [`Fix or roll back what makes ${name} fail; it is a ticket, not a page: do it in working hours unless it grows.`],
    dashboardUid: redDashboard(ctx),
    cases: [
      { name: `errors at twice the SLA error rate (${text(times(limit, decimal(2)))})`, expect: 'fires', series: errorRatioSeries(ctx, times(limit, decimal(2))), labels: ctx.labels, conditionAt: ctx.input.timing.scrape_interval_seconds },
      { name: `errors at half the SLA error rate (${text(times(limit, decimal(0.5)))})`, expect: 'silent', series: errorRatioSeries(ctx, times(limit, decimal(0.5))) },
      lowTrafficCase(ctx),
    ],
  });
  return { definitions: [definition] };
}
