import type { ScrapeAnswer } from './metrics-endpoint.port';
import { metricsCheckFailure } from './metrics-check';
import { CONTRACT_MET, FakeMetricsEndpoint } from './monitoring.fakes';

const NOT_FOUND: ScrapeAnswer = { answered: true, status: 404, body: 'Not Found\n' };

const failureOf = (answers: Record<string, ScrapeAnswer>, targets = Object.keys(answers)) => metricsCheckFailure(targets, new FakeMetricsEndpoint(answers));

describe('metricsCheckFailure', () => {
  it('asks every target and finds nothing wrong when each meets the contract', async () => {
    const endpoint = new FakeMetricsEndpoint({ '127.0.0.1:4001': CONTRACT_MET, '127.0.0.1:4002': CONTRACT_MET });
    expect(await metricsCheckFailure(['127.0.0.1:4001', '127.0.0.1:4002'], endpoint)).toBeUndefined();
    expect(endpoint.asked).toEqual(['127.0.0.1:4001', '127.0.0.1:4002']);
  });

  it('names a target whose /metrics answers 404, what it answered and the contract', async () => {
    const reason = (await failureOf({ '127.0.0.1:4001': CONTRACT_MET, '127.0.0.1:4002': NOT_FOUND })) ?? '';
    expect(reason).toContain('metrics check failed for 1 of 2 target(s): 127.0.0.1:4002 answered GET /metrics with HTTP 404: "Not Found"');
    expect(reason).not.toContain('127.0.0.1:4001 ');
    expect(reason).toContain('Fix: an app must answer GET /metrics with HTTP 200 in the Prometheus text format');
    expect(reason).toContain('http_requests_total (counter, label code = the HTTP status)');
    expect(reason).toContain('README: "The metric contract"');
  });

  it('names what a target answering 200 lacks of the metrics the rules query', async () => {
    const reason = await failureOf({ '127.0.0.1:4001': { answered: true, status: 200, body: '# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total 1\n' } });
    expect(reason).toContain('127.0.0.1:4001 answered GET /metrics with HTTP 200 but no http_requests_total, no http_request_duration_seconds');
  });

  it.each([
    ['an app answering JSON on every path', { answered: true, status: 200, body: '{"app":"x","healthy":true}' }, 'answered GET /metrics with HTTP 200 but no metric at all: "{\\"app\\":\\"x\\",\\"healthy\\":true}"'],
    ['an HTML page', { answered: true, status: 200, body: '<html>\n<body>hi</body></html>' }, 'answered GET /metrics with HTTP 200 but not the Prometheus text format ("<html>" is not a metric name): "<html> <body>hi</body></html>"'],
    ['a target that does not answer', { answered: false, error: 'connect ECONNREFUSED 127.0.0.1:4001' }, 'did not answer GET /metrics: connect ECONNREFUSED 127.0.0.1:4001'],
  ] as const)('fails for %s, saying what it answered', async (_what, answer, said) => {
    expect(await failureOf({ '127.0.0.1:4001': answer })).toContain(`127.0.0.1:4001 ${said}`);
  });

  it('keeps the reason within the 4000 characters a step reason may have, ending with the contract', async () => {
    const targets = Array.from({ length: 200 }, (_, i) => `127.0.0.1:${5000 + i}`);
    const reason = (await failureOf(Object.fromEntries(targets.map((t) => [t, NOT_FOUND])))) ?? '';
    expect(reason.length).toBeLessThanOrEqual(4000);
    expect(reason).toMatch(/… Fix: an app must answer GET \/metrics .* implements it\)$/);
  });
});
