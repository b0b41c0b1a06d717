import { EventRing } from './event-ring';
import { ReleaseMetrics, type Observation } from './release-metrics';

const seen = (release: string, atMs: number, latencyMs: number, code = 200): Observation => ({
  application: 'hello',
  environment: 'staging',
  release,
  code,
  latencyMs,
  atMs,
});

describe('ReleaseMetrics', () => {
  it('answers a window per release: requests, errors (5xx), nearest-rank p50/p99 and the latencies', () => {
    const metrics = new ReleaseMetrics();
    for (let n = 1; n <= 100; n += 1) metrics.observe(seen('r1', 1_000 + n, n, n % 10 === 0 ? 503 : 200));
    metrics.observe(seen('r2', 1_050, 7, 502));
    metrics.observe(seen('r1', 5_000, 1_000)); // after the window
    const [r1, r2] = metrics.stats({ application: 'hello', environment: 'staging', sinceMs: 1_001, untilMs: 2_000 });
    expect(r1).toMatchObject({ release: 'r1', requests: 100, errors: 10, latency_p50_ms: 50, latency_p99_ms: 99, complete: true });
    expect(r1?.latencies_ms).toHaveLength(100);
    expect(r1?.latencies_ms.slice(0, 3)).toEqual([1, 2, 3]);
    expect(r2).toMatchObject({ release: 'r2', requests: 1, errors: 1, latency_p99_ms: 7 });
  });

  it('windows partition requests: since is inclusive, until exclusive', () => {
    const metrics = new ReleaseMetrics();
    for (let at = 0; at < 30; at += 1) metrics.observe(seen('r1', at, 1));
    const count = (since: number, until: number) =>
      metrics.stats({ application: 'hello', environment: 'staging', release: 'r1', sinceMs: since, untilMs: until })[0]?.requests;
    expect([count(0, 10), count(10, 20), count(20, 30)]).toEqual([10, 10, 10]);
  });

  it('answers a zero window for a release it has not seen, and nothing for another app', () => {
    const metrics = new ReleaseMetrics();
    metrics.observe(seen('r1', 10, 1));
    expect(metrics.stats({ application: 'hello', environment: 'staging', release: 'rX', sinceMs: 0, untilMs: 100 })).toEqual([
      { release: 'rX', requests: 0, errors: 0, latencies_ms: [], complete: true },
    ]);
    expect(metrics.stats({ application: 'other', environment: 'staging', sinceMs: 0, untilMs: 100 })).toEqual([]);
  });

  it('bounds the latency sample to 1,000 values spread over the window', () => {
    const metrics = new ReleaseMetrics();
    for (let n = 0; n < 5_000; n += 1) metrics.observe(seen('r1', n, n));
    const [w] = metrics.stats({ application: 'hello', environment: 'staging', sinceMs: 0, untilMs: 5_000 });
    expect(w?.requests).toBe(5_000);
    expect(w?.latencies_ms).toHaveLength(1_000);
    expect(w?.latencies_ms.slice(0, 3)).toEqual([0, 5, 10]);
  });

  it('says a window is incomplete once the ring dropped requests inside it', () => {
    const metrics = new ReleaseMetrics(64);
    for (let n = 0; n < 100; n += 1) metrics.observe(seen('r1', n, 1));
    const ask = (since: number) => metrics.stats({ application: 'hello', environment: 'staging', sinceMs: since, untilMs: 1_000 })[0];
    expect(ask(0)).toMatchObject({ requests: 64, complete: false });
    expect(ask(50)).toMatchObject({ requests: 50, complete: true });
  });

  it('renders counters by code, a histogram and retries in the Prometheus text format', () => {
    const metrics = new ReleaseMetrics();
    metrics.observe(seen('r1', 1, 3));
    metrics.observe(seen('r1', 2, 300, 500));
    metrics.retried('hello', 'staging', 'r1');
    const text = metrics.render();
    expect(text).toContain('jetway_router_requests_total{app="hello",env="staging",release="r1",code="200"} 1');
    expect(text).toContain('jetway_router_requests_total{app="hello",env="staging",release="r1",code="500"} 1');
    expect(text).toContain('jetway_router_request_duration_seconds_bucket{app="hello",env="staging",release="r1",le="0.005"} 1');
    expect(text).toContain('jetway_router_request_duration_seconds_bucket{app="hello",env="staging",release="r1",le="0.5"} 2');
    expect(text).toContain('jetway_router_request_duration_seconds_count{app="hello",env="staging",release="r1"} 2');
    expect(text).toContain('jetway_router_retries_total{app="hello",env="staging",release="r1"} 1');
    expect(text).toMatch(/# TYPE jetway_router_request_duration_seconds histogram/);
  });

  it('forgets releases no route names an hour after their last request', () => {
    const metrics = new ReleaseMetrics();
    metrics.observe(seen('old', 0, 1));
    metrics.observe(seen('kept', 0, 1));
    metrics.prune(3_600_001, new Set(['kept']));
    expect(metrics.stats({ application: 'hello', environment: 'staging', sinceMs: 0, untilMs: 10 }).map((w) => w.release)).toEqual(['kept']);
  });
});

describe('EventRing', () => {
  it('grows, then overwrites the oldest, keeping order', () => {
    const ring = new EventRing(4_096);
    for (let n = 0; n < 5_000; n += 1) ring.push(n, n, n % 2 === 0);
    const all = ring.window(0, 10_000);
    expect(all.latencies).toHaveLength(4_096);
    expect(all.latencies[0]).toBe(904);
    expect(all.latencies.at(-1)).toBe(4_999);
    expect(all.errors).toBe(2_048);
    expect(all.complete).toBe(false);
    expect(ring.newest()).toBe(4_999);
  });
});
