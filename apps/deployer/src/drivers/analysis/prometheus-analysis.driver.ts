import type { SuccessCriteria } from '@jetway/contracts';
import { RELEASE_VARIABLE, substituteInStrings } from '@jetway/promql';
import { z } from 'zod';
import type { AnalysisProvider, MetricsWindow } from '../../use-cases/analysis.port';

type Metric = keyof SuccessCriteria;

export interface PrometheusAnalysisOptions {
  /** The server's base URL (`rollout.analysis.prometheus.url`). */
  readonly url: string;
  /** One PromQL query per criterion, `$release` where the release's label value goes. */
  readonly queries: Partial<Record<Metric, string>>;
  /** Bound on one HTTP call in milliseconds (default 5,000): a hanging server is an error, not a stuck analysis. */
  readonly timeoutMs?: number;
}

/** Prometheus answered an error, or did not answer: the measurement is an analysis `error`. */
export class PrometheusQueryError extends Error {
  readonly retryable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PrometheusQueryError';
  }
}

const Sample = z.tuple([z.number(), z.string()]);
const Refusal = z.object({ status: z.literal('error'), errorType: z.string().optional(), error: z.string() });
/** `/api/v1/format_query`: the query as the server formats it, or why it does not parse. */
const Formatted = z.discriminatedUnion('status', [z.object({ status: z.literal('success'), data: z.string() }), Refusal]);
/** `/api/v1/query`: an instant query's result. */
const Answer = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    data: z.discriminatedUnion('resultType', [
      z.object({ resultType: z.literal('vector'), result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: Sample })) }),
      z.object({ resultType: z.literal('scalar'), result: Sample }),
      z.object({ resultType: z.enum(['matrix', 'string']), result: z.unknown() }),
    ]),
  }),
  Refusal,
]);

/**
 * Measures a release with PromQL through Prometheus's HTTP API: each criterion's query, with
 * `$release` substituted into its label matchers (escaped: `substituteInStrings`), as an
 * instant query at the window's end (`/api/v1/query?time=`); the query's own range selector
 * says how far back it looks. An answer with no series, or NaN (0/0 without traffic), is no
 * data — left out, so the engine judges it inconclusive. A query answering several series, an
 * error answer (`bad_data`, a server error) or no answer rejects. Counts no requests: PromQL
 * gives the criteria's values directly.
 */
export class PrometheusAnalysisProvider implements AnalysisProvider {
  readonly name = 'prometheus' as const;

  constructor(private readonly options: PrometheusAnalysisOptions) {}

  async measure(query: { release: string; untilMs: number }): Promise<MetricsWindow> {
    const metrics = (Object.keys(this.options.queries) as Metric[]).filter((m) => this.options.queries[m]);
    const values = await Promise.all(
      metrics.map(async (metric) => [metric, await this.value(metric, substituteInStrings(this.options.queries[metric] ?? '', RELEASE_VARIABLE, query.release), query.untilMs)] as const),
    );
    return Object.fromEntries(values.filter(([, value]) => value !== undefined && !Number.isNaN(value)));
  }

  /**
   * Asks the server to parse every query (`/api/v1/format_query`, Prometheus's own parser with
   * its type checks: what the grammar alone lets through, such as `rate()` of an instant
   * vector). One `field: why` line per query it refuses; rejects when the server does not answer.
   */
  async check(at = 'rollout.analysis.prometheus.queries'): Promise<string[]> {
    const problems: string[] = [];
    for (const [metric, query] of Object.entries(this.options.queries)) {
      if (!query) continue;
      const answer = await this.call('/api/v1/format_query', { query: substituteInStrings(query, RELEASE_VARIABLE, 'release') }, Formatted);
      if (answer.status === 'error') problems.push(`${at}.${metric}: Prometheus refuses it: ${answer.error}`);
    }
    return problems;
  }

  private async value(metric: Metric, promql: string, untilMs: number): Promise<number | undefined> {
    const answer = await this.call('/api/v1/query', { query: promql, time: (untilMs / 1_000).toFixed(3) }, Answer);
    if (answer.status === 'error') throw new PrometheusQueryError(`the query for ${metric} failed: ${answer.error}`);
    const data = answer.data;
    if (data.resultType === 'scalar') return Number(data.result[1]);
    if (data.resultType !== 'vector') throw new PrometheusQueryError(`the query for ${metric} answered a ${data.resultType}; write one that gives an instant vector`);
    if (data.result.length > 1) {
      throw new PrometheusQueryError(`the query for ${metric} answered ${data.result.length} series; aggregate it to one (sum, max, histogram_quantile by le)`);
    }
    const sample = data.result[0];
    return sample ? Number(sample.value[1]) : undefined;
  }

  private async call<T>(path: string, params: Record<string, string>, schema: z.ZodType<T>): Promise<T> {
    const url = `${this.options.url.replace(/\/+$/, '')}${path}?${new URLSearchParams(params).toString()}`;
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000) });
    } catch (cause) {
      throw new PrometheusQueryError(`Prometheus at ${this.options.url} did not answer (${describe(cause)})`, { cause });
    }
    const body = await response.text();
    const parsed = safeJson(body);
    const answer = schema.safeParse(parsed);
    if (answer.success) return answer.data;
    throw new PrometheusQueryError(`Prometheus at ${this.options.url} answered ${response.status} ${response.statusText}: ${body.slice(0, 200)}`);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
