/**
 * parse-prometheus-text-format ships no types. Its output follows prom2json: one entry per metric
 * family, values as the strings written in the exposition; a histogram's or summary's samples
 * are folded into `buckets` / `quantiles` (keyed by `le` / `quantile`) with `count` and `sum`.
 * It throws on a line it cannot tokenise.
 */
declare module 'parse-prometheus-text-format' {
  interface PrometheusSample {
    readonly labels?: Readonly<Record<string, string>>;
    readonly value?: string;
    readonly timestamp_ms?: string;
    readonly buckets?: Readonly<Record<string, string>>;
    readonly quantiles?: Readonly<Record<string, string>>;
    readonly count?: string;
    readonly sum?: string;
  }
  interface PrometheusFamily {
    readonly name: string;
    readonly help: string;
    /** Upper case, as the parser writes it: COUNTER, GAUGE, HISTOGRAM, SUMMARY, UNTYPED. */
    readonly type: string;
    readonly metrics: readonly PrometheusSample[];
  }
  function parsePrometheusTextFormat(text: string): PrometheusFamily[];
  export = parsePrometheusTextFormat;
}
