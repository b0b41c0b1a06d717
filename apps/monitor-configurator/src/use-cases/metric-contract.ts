import type { MetricFamily, MetricType } from './exposition';
import { DURATION_METRIC, REQUESTS_METRIC } from '../setup/generators/prometheus';

/** A metric the generated SLO rules query, as a release must expose it. */
export interface RequiredMetric {
  readonly name: string;
  readonly type: MetricType;
  /** Labels every sample must carry (the histogram's `le` is implied by its buckets). */
  readonly labels: readonly string[];
  /** How the contract is told to a person, e.g. in a step's reason. */
  readonly described: string;
}

/**
 * The metric contract: what every target of a release must serve at `GET /metrics` (HTTP 200,
 * Prometheus text format) for the SLO rules of the Prometheus generator (setup/generators/prometheus)
 * to have data. The `service`, `team`, `tier` and `setup` labels are not the app's business:
 * Prometheus attaches them when it scrapes (ITEM_LABELS).
 */
export const METRIC_CONTRACT: readonly RequiredMetric[] = [
  { name: REQUESTS_METRIC, type: 'counter', labels: ['code'], described: `${REQUESTS_METRIC} (counter, label code = the HTTP status)` },
  { name: DURATION_METRIC, type: 'histogram', labels: [], described: `${DURATION_METRIC} (histogram of request durations in seconds)` },
];

/** One sentence for a failure reason: what an app must expose, and where it is documented. */
export const CONTRACT_SUMMARY =
  `an app must answer GET /metrics with HTTP 200 in the Prometheus text format, exposing ` +
  `${METRIC_CONTRACT.map((m) => m.described).join(' and ')} (README: "The metric contract"; examples/hello-service implements it)`;

/**
 * What an exposition lacks of the contract, one line per gap; empty when it meets it. A counter
 * with no sample yet (nothing served) is accepted: there is no sample to lack the label.
 */
export function contractGaps(families: readonly MetricFamily[]): string[] {
  return METRIC_CONTRACT.flatMap((required) => {
    const family = families.find((f) => f.name === required.name);
    if (!family) return [`no ${required.name}`];
    if (family.type !== required.type) return [`${required.name} is declared ${family.type}, not ${required.type}`];
    if (required.type === 'histogram' && !family.samples.some((s) => s.buckets?.includes('+Inf'))) {
      return [`${required.name} has no _bucket series (with le="+Inf")`];
    }
    const missing = required.labels.filter((label) => family.samples.some((s) => !(label in s.labels)));
    return missing.length > 0 ? [`${required.name} has samples without the label ${missing.join(', ')}`] : [];
  });
}
