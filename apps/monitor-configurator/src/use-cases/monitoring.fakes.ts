import type { MetricsEndpoint, ScrapeAnswer } from './metrics-endpoint.port';

/** Targets and what each answers to GET /metrics; an unknown target does not answer. `asked` records the order. */
export class FakeMetricsEndpoint implements MetricsEndpoint {
  readonly asked: string[] = [];
  constructor(private readonly answers: Readonly<Record<string, ScrapeAnswer>>) {}
  async scrape(target: string): Promise<ScrapeAnswer> {
    this.asked.push(target);
    return this.answers[target] ?? { answered: false, error: 'connect ECONNREFUSED' };
  }
}

/** What examples/hello-service serves: the metric contract, met. */
export const CONTRACT_MET: ScrapeAnswer = {
  answered: true,
  status: 200,
  body:
    '# TYPE http_requests_total counter\nhttp_requests_total{code="200"} 3\n' +
    '# TYPE http_request_duration_seconds histogram\nhttp_request_duration_seconds_bucket{le="+Inf"} 3\n' +
    'http_request_duration_seconds_sum 0.1\nhttp_request_duration_seconds_count 3\n',
};
