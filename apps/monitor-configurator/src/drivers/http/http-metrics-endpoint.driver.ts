import type { MetricsEndpoint, ScrapeAnswer } from '../../use-cases';

export interface HttpMetricsEndpointOptions {
  /** How long one target gets to answer, as Prometheus' own scrape_timeout would (default 10 s). */
  readonly timeoutMs?: number;
}

/**
 * `GET http://<host:port>/metrics` with the Accept header Prometheus sends for the text format,
 * so an app that negotiates formats answers what Prometheus will get.
 */
export class HttpMetricsEndpoint implements MetricsEndpoint {
  constructor(private readonly options: HttpMetricsEndpointOptions = {}) {}

  async scrape(target: string): Promise<ScrapeAnswer> {
    try {
      const res = await fetch(`http://${target}/metrics`, {
        headers: { accept: 'text/plain;version=0.0.4;q=1,*/*;q=0.1' },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      return { answered: true, status: res.status, body: await res.text() };
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause;
      return { answered: false, error: cause?.message ?? (error as Error).message };
    }
  }
}
