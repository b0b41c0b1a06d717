import type { ConfigReloader } from './config-reloader.port';
import { MemoryConfigDir, FakeMetricsEndpoint } from './monitoring.fakes';
import type { ScrapeAnswer } from './metrics-endpoint.port';
import { monitorRelease } from './monitor-release.use-case';
import type { MonitoringInput } from './monitoring.types';
import { ReloadWhenChanged } from './reload-when-changed';

const CONTRACT_MET: ScrapeAnswer = {
  answered: true,
  status: 200,
  body:
    '# TYPE http_requests_total counter\nhttp_requests_total{code="200"} 3\n' +
    '# TYPE http_request_duration_seconds histogram\nhttp_request_duration_seconds_bucket{le="+Inf"} 3\n' +
    'http_request_duration_seconds_sum 0.1\nhttp_request_duration_seconds_count 3\n',
};
const NOT_FOUND: ScrapeAnswer = { answered: true, status: 404, body: 'Not Found\n' };

const release = (targets: string[]): MonitoringInput => ({
  application: 'hello',
  environment: 'staging',
  targets,
  slo: { availability: 0.995, latency_p99_ms: 500 },
});

function setup(answers: Record<string, ScrapeAnswer>) {
  const dir = new MemoryConfigDir();
  let reloads = 0;
  const reloader: ConfigReloader = { reload: async () => void (reloads += 1) };
  const endpoint = new FakeMetricsEndpoint(answers);
  return { dir, endpoint, reloads: () => reloads, deps: { dir, endpoint, reloads: new ReloadWhenChanged(reloader) } };
}

describe('monitorRelease', () => {
  it('checks every target, then writes the bundle and reloads', async () => {
    const { dir, endpoint, reloads, deps } = setup({ '127.0.0.1:4001': CONTRACT_MET, '127.0.0.1:4002': CONTRACT_MET });
    const result = await monitorRelease(release(['127.0.0.1:4001', '127.0.0.1:4002']), deps);
    expect(result).toEqual({ outcome: 'succeeded', files: ['/config/targets/hello-staging.json', '/config/rules/hello-staging.yml', '/config/prometheus.yml'] });
    expect(endpoint.asked).toEqual(['127.0.0.1:4001', '127.0.0.1:4002']);
    expect([dir.writes.length, reloads()]).toEqual([3, 1]);
  });

  it('fails for a target whose /metrics answers 404, naming it, what it answered and the contract; writes nothing', async () => {
    const { dir, reloads, deps } = setup({ '127.0.0.1:4001': CONTRACT_MET, '127.0.0.1:4002': NOT_FOUND });
    const result = await monitorRelease(release(['127.0.0.1:4001', '127.0.0.1:4002']), deps);
    expect(result.outcome).toBe('failed');
    const reason = result.outcome === 'failed' ? result.reason : '';
    expect(reason).toContain('metrics check failed for 1 of 2 target(s): 127.0.0.1:4002 answered GET /metrics with HTTP 404: "Not Found"');
    expect(reason).not.toContain('127.0.0.1:4001 ');
    expect(reason).toContain('Fix: an app must answer GET /metrics with HTTP 200 in the Prometheus text format');
    expect(reason).toContain('http_requests_total (counter, label code = the HTTP status)');
    expect(reason).toContain('README: "The metric contract"');
    expect([dir.writes, reloads()]).toEqual([[], 0]);
  });

  it('fails for a target that answers 200 without the metrics the rules query, naming what it lacks', async () => {
    const { deps } = setup({
      '127.0.0.1:4001': { answered: true, status: 200, body: '# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total 1\n' },
    });
    const result = await monitorRelease(release(['127.0.0.1:4001']), deps);
    expect(result).toMatchObject({
      outcome: 'failed',
      reason: expect.stringContaining('127.0.0.1:4001 answered GET /metrics with HTTP 200 but no http_requests_total, no http_request_duration_seconds'),
    });
  });

  it.each([
    ['an app answering JSON on every path', { answered: true, status: 200, body: '{"app":"x","healthy":true}' }, 'answered GET /metrics with HTTP 200 but no metric at all: "{\\"app\\":\\"x\\",\\"healthy\\":true}"'],
    ['an HTML page', { answered: true, status: 200, body: '<html>\n<body>hi</body></html>' }, 'answered GET /metrics with HTTP 200 but not the Prometheus text format ("<html>" is not a metric name): "<html> <body>hi</body></html>"'],
    ['a target that does not answer', { answered: false, error: 'connect ECONNREFUSED 127.0.0.1:4001' }, 'did not answer GET /metrics: connect ECONNREFUSED 127.0.0.1:4001'],
  ] as const)('fails for %s, saying what it answered', async (_what, answer, said) => {
    const { deps } = setup({ '127.0.0.1:4001': answer });
    const result = await monitorRelease(release(['127.0.0.1:4001']), deps);
    expect(result.outcome === 'failed' ? result.reason : '').toContain(`127.0.0.1:4001 ${said}`);
  });

  it('keeps the reason within the 4000 characters a step reason may have, ending with the contract', async () => {
    const targets = Array.from({ length: 200 }, (_, i) => `127.0.0.1:${5000 + i}`);
    const { deps } = setup(Object.fromEntries(targets.map((t) => [t, NOT_FOUND])));
    const result = await monitorRelease(release(targets), deps);
    const reason = result.outcome === 'failed' ? result.reason : '';
    expect(reason.length).toBeLessThanOrEqual(4000);
    expect(reason).toMatch(/… Fix: an app must answer GET \/metrics .* implements it\)$/);
  });
});
