import { parseExposition, type MetricFamily } from './exposition';
import { CONTRACT_SUMMARY, contractGaps, METRIC_CONTRACT } from './metric-contract';
import { releaseSetupInput } from '../release/release-setup';
import { prometheusFiles } from '../setup/generators/prometheus';
import { SAMPLE_URLS } from '../setup/generators/prometheus/sample-setup.testing';

function families(text: string): readonly MetricFamily[] {
  const parsed = parseExposition(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.families;
}

const COUNTER = '# TYPE http_requests_total counter\nhttp_requests_total{code="200",path="/"} 3\n';
const HISTOGRAM =
  '# TYPE http_request_duration_seconds histogram\n' +
  'http_request_duration_seconds_bucket{le="0.1"} 3\nhttp_request_duration_seconds_bucket{le="+Inf"} 3\n' +
  'http_request_duration_seconds_sum 0.2\nhttp_request_duration_seconds_count 3\n';

describe('the metric contract', () => {
  it('names exactly the metrics the generated SLO rules query', () => {
    const input = releaseSetupInput({ application: 'a', environment: 'staging', targets: ['127.0.0.1:4001'], slo: { availability: 0.99, latency_p99_ms: 100 } });
    const rules = prometheusFiles(input, SAMPLE_URLS).filter((file) => file.path.startsWith('prometheus/rules/')).map((file) => file.content).join('\n');
    const queried = new Set([...rules.matchAll(/\b(http_[a-z_]+?)(?:_bucket|_count|_sum)?\{/g)].map((m) => m[1]));
    expect([...queried].sort()).toEqual(METRIC_CONTRACT.map((m) => m.name).sort());
    expect(CONTRACT_SUMMARY).toContain('http_requests_total (counter, label code = the HTTP status)');
    expect(CONTRACT_SUMMARY).toContain('http_request_duration_seconds (histogram');
  });

  it('is met by a counter with code labels and a histogram with buckets', () => {
    expect(contractGaps(families(COUNTER + HISTOGRAM))).toEqual([]);
  });

  it('is met by a declared counter with no sample yet (nothing served, no label to lack)', () => {
    expect(contractGaps(families('# TYPE http_requests_total counter\n' + HISTOGRAM))).toEqual([]);
  });

  it('names each missing metric', () => {
    expect(contractGaps(families('# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total 1\n'))).toEqual([
      'no http_requests_total',
      'no http_request_duration_seconds',
    ]);
  });

  it('refuses the wrong type, a latency summary instead of a histogram, and requests without a code label', () => {
    const gauge = '# TYPE http_requests_total gauge\nhttp_requests_total{code="200"} 3\n';
    const summary = '# TYPE http_request_duration_seconds summary\nhttp_request_duration_seconds{quantile="0.99"} 0.1\n';
    expect(contractGaps(families(gauge + summary))).toEqual([
      'http_requests_total is declared gauge, not counter',
      'http_request_duration_seconds is declared summary, not histogram',
    ]);
    const unlabelled = '# TYPE http_requests_total counter\nhttp_requests_total 3\n';
    expect(contractGaps(families(unlabelled + HISTOGRAM))).toEqual(['http_requests_total has samples without the label code']);
  });

  it('refuses a histogram without its +Inf bucket', () => {
    const partial = '# TYPE http_request_duration_seconds histogram\nhttp_request_duration_seconds_count 3\n';
    expect(contractGaps(families(COUNTER + partial))).toEqual(['http_request_duration_seconds has no _bucket series (with le="+Inf")']);
  });
});
