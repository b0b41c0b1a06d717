import parsePrometheusTextFormat from 'parse-prometheus-text-format';

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

/** One sample of a family; for a histogram, its `le` buckets (the other labels are not kept). */
export interface MetricSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly buckets?: readonly string[];
}

/** One metric family of a Prometheus text exposition. */
export interface MetricFamily {
  readonly name: string;
  readonly type: MetricType;
  readonly samples: readonly MetricSample[];
}

export type Exposition = { readonly ok: true; readonly families: readonly MetricFamily[] } | { readonly ok: false; readonly error: string };

// The exposition format's grammar for names (https://prometheus.io/docs/instrumenting/exposition_formats/).
// The parser tokenises leniently (an HTML page becomes a "metric" named `<html>`), so what it
// returns is checked against the grammar before it is believed.
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES: ReadonlySet<string> = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/** A sample value as the text format writes one: a float, `+Inf`, `-Inf` or `NaN`. */
function isValue(text: string | undefined): boolean {
  if (text === undefined || text.trim() === '') return false;
  return ['+Inf', '-Inf', 'Inf', 'NaN'].includes(text) || Number.isFinite(Number(text));
}

/**
 * Parses a Prometheus text exposition (format 0.0.4) with parse-prometheus-text-format, then
 * refuses what Prometheus would refuse to scrape: a family or label name outside the grammar,
 * a sample without a numeric value. `error` says the first such thing.
 */
export function parseExposition(text: string): Exposition {
  let raw: ReturnType<typeof parsePrometheusTextFormat>;
  try {
    raw = parsePrometheusTextFormat(text);
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const families: MetricFamily[] = [];
  for (const family of raw) {
    const type = family.type.toLowerCase();
    if (!METRIC_NAME.test(family.name)) return { ok: false, error: `${JSON.stringify(clip(family.name))} is not a metric name` };
    if (!TYPES.has(type)) return { ok: false, error: `${family.name} has an unknown type ${family.type}` };
    const samples: MetricSample[] = [];
    for (const sample of family.metrics) {
      const labels = sample.labels ?? {};
      const badLabel = Object.keys(labels).find((label) => !LABEL_NAME.test(label));
      if (badLabel !== undefined) return { ok: false, error: `${family.name} has a label named ${JSON.stringify(clip(badLabel))}` };
      const folded = Object.values(sample.buckets ?? sample.quantiles ?? {});
      const values = [sample.value, sample.count, sample.sum, ...folded].filter((v) => v !== undefined);
      if (values.length === 0 || !values.every(isValue)) return { ok: false, error: `${family.name} has a sample whose value is not a number` };
      samples.push(sample.buckets ? { labels, buckets: Object.keys(sample.buckets) } : { labels });
    }
    families.push({ name: family.name, type: type as MetricType, samples });
  }
  return { ok: true, families };
}

function clip(text: string): string {
  return text.length <= 40 ? text : `${text.slice(0, 39)}…`;
}
