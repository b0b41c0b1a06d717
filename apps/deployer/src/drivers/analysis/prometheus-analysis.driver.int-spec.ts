import { AnalysisSpec } from '@jetway/contracts';
import { freePort, startPrometheus, waitFor, type PrometheusFixture } from '@jetway/testing';
import { runAnalysis, systemClock, type AnalysisRequest } from '../../analysis';
import { MetricsTarget } from './metrics-target.fixture';
import { PrometheusAnalysisProvider, PrometheusQueryError } from './prometheus-analysis.driver';

// The queries a user writes against the router's /metrics. `or vector(0)`: a release that never
// answered 5xx has no error series, and 0 errors is a value, not "no data".
const QUERIES = {
  error_rate:
    '(sum(rate(jetway_router_requests_total{release="$release",code=~"5.."}[3s])) or vector(0)) / sum(rate(jetway_router_requests_total{release="$release"}[3s]))',
  latency_p99_ms: 'histogram_quantile(0.99, sum by (le) (rate(jetway_router_request_duration_seconds_bucket{release="$release"}[3s]))) * 1000',
};

describe('PrometheusAnalysisProvider against a real Prometheus', () => {
  let target: MetricsTarget;
  let prometheus: PrometheusFixture;
  let traffic: NodeJS.Timeout;
  let provider: PrometheusAnalysisProvider;

  beforeAll(async () => {
    target = await MetricsTarget.start();
    target.declare('v3-idle'); // a release whose series exist but that serves nothing
    // Steady traffic: v1 healthy at ~40 ms; v2 fails 3 of every 10 requests; a release whose label needs escaping.
    traffic = setInterval(() => {
      target.serve('v1', 200, 40, 10);
      target.serve('v2', 200, 40, 7);
      target.serve('v2', 500, 40, 3);
      target.serve('v4"quoted\\', 200, 40, 10);
    }, 50);
    prometheus = await startPrometheus({ targets: [target.hostPort], scrapeIntervalMs: 500 });
    await prometheus.scraped();
    provider = new PrometheusAnalysisProvider({ url: prometheus.url, queries: QUERIES });
    // rate() needs two scrapes of the traffic inside its range.
    await waitFor(async () => (await provider.measure({ release: 'v2', untilMs: Date.now() })).error_rate !== undefined, { timeoutMs: 30_000, message: 'a measurable error rate' });
  }, 90_000);

  afterAll(async () => {
    clearInterval(traffic);
    await prometheus?.stop();
    await target?.close();
  });

  const analyse = (release: string, spec: Partial<AnalysisSpec> = {}, queries = QUERIES) => {
    const request: AnalysisRequest = {
      target: { application: 'shop', environment: 'staging', release },
      criteria: { error_rate: 0.01, latency_p99_ms: 300 },
      spec: AnalysisSpec.parse({ provider: 'prometheus', interval_seconds: 1, prometheus: { url: prometheus.url, queries }, ...spec }),
      span: { count: 2 },
    };
    return runAnalysis(request, { provider: new PrometheusAnalysisProvider({ url: prometheus.url, queries }), clock: systemClock });
  };

  it('measures a 30 % error rate for real and fails the analysis at the first measurement', async () => {
    const outcome = await analyse('v2');
    expect(outcome.verdict).toBe('fail');
    expect(outcome.results).toHaveLength(1);
    const errorRate = outcome.result.measurements.find((m) => m.metric === 'error_rate');
    expect(errorRate?.value).toBeCloseTo(0.3, 6);
    expect(outcome.result.message).toBe('analysis failed: 1 failed measurement > failure_limit 0 — last: error_rate 30 % > 1 %');
  });

  it('passes a healthy release: no error series is an error rate of 0, p99 from the histogram', async () => {
    const outcome = await analyse('v1');
    expect(outcome.verdict).toBe('pass');
    expect(outcome.results).toHaveLength(2);
    expect(outcome.result.measurements).toEqual([
      { metric: 'error_rate', value: 0, threshold: 0.01, passed: true },
      { metric: 'latency_p99_ms', value: expect.closeTo(49.75, 6), threshold: 300, passed: true },
    ]);
  });

  it('substitutes a release whose label needs escaping, and measures it', async () => {
    const window = await provider.measure({ release: 'v4"quoted\\', untilMs: Date.now() });
    expect(window).toEqual({ error_rate: 0, latency_p99_ms: expect.closeTo(49.75, 6) });
  });

  it('is inconclusive for a release without traffic (0/0 is NaN) and for one Prometheus never saw (no series)', async () => {
    const idle = await analyse('v3-idle');
    expect(idle.verdict).toBe('inconclusive');
    expect(idle.results[0]?.message).toBe('no data for error_rate and latency_p99_ms from prometheus');
    const unknown = await analyse('v9-never');
    expect(unknown.verdict).toBe('inconclusive');
    expect(await provider.measure({ release: 'v9-never', untilMs: Date.now() })).toEqual({});
  });

  it("turns the server's refusal into a provider error, counted until the analysis fails", async () => {
    const typeError = { error_rate: 'rate(jetway_router_requests_total{release="$release"})' };
    await expect(new PrometheusAnalysisProvider({ url: prometheus.url, queries: typeError }).measure({ release: 'v1', untilMs: Date.now() })).rejects.toThrow(PrometheusQueryError);
    const outcome = await analyse('v1', { consecutive_error_limit: 0 }, typeError as typeof QUERIES);
    expect(outcome.verdict).toBe('fail');
    expect(outcome.result.message).toBe(
      'analysis failed: 1 provider error in a row > consecutive_error_limit 0 — last: prometheus gave no measurement: the query for error_rate failed: invalid parameter "query": 1:6: parse error: expected type range vector in call to function "rate", got instant vector',
    );
  });

  it('refuses a series per instance: the query must aggregate to one value', async () => {
    const perRelease = { error_rate: 'sum by (release) (rate(jetway_router_requests_total{release=~"v1|v2|$release"}[3s]))' };
    await expect(new PrometheusAnalysisProvider({ url: prometheus.url, queries: perRelease }).measure({ release: 'v1', untilMs: Date.now() })).rejects.toThrow(
      'the query for error_rate answered 2 series; aggregate it to one (sum, max, histogram_quantile by le)',
    );
  });

  it("checks every query with the server's own parser before a rollout, naming the query", async () => {
    expect(await provider.check()).toEqual([]);
    const bad = new PrometheusAnalysisProvider({ url: prometheus.url, queries: { error_rate: QUERIES.error_rate, latency_p99_ms: 'rate(d{release="$release"})' } });
    expect(await bad.check()).toEqual([
      'rollout.analysis.prometheus.queries.latency_p99_ms: Prometheus refuses it: invalid parameter "query": 1:6: parse error: expected type range vector in call to function "rate", got instant vector',
    ]);
  });

  it('rejects when Prometheus does not answer', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const gone = new PrometheusAnalysisProvider({ url, queries: QUERIES });
    await expect(gone.measure({ release: 'v1', untilMs: Date.now() })).rejects.toThrow(`Prometheus at ${url} did not answer (ECONNREFUSED)`);
  });
});
