import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Upper bounds (seconds) of the latency histogram, as the router's /metrics has them. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Series {
  readonly codes: Map<number, number>;
  readonly buckets: number[];
  count: number;
  sum: number;
}

/**
 * A scrape target serving the router's per-release metrics (`jetway_router_requests_total`
 * and `jetway_router_request_duration_seconds`, labels app, env, release, code) as Prometheus
 * text, with counters the test drives: `serve(release, code, latencyMs)` is one request.
 */
export class MetricsTarget {
  private readonly series = new Map<string, Series>();
  private readonly server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(this.render());
  });

  static async start(): Promise<MetricsTarget> {
    const target = new MetricsTarget();
    await new Promise<void>((resolve) => target.server.listen(0, '127.0.0.1', resolve));
    return target;
  }

  get hostPort(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Counts one request of `release` answered `code` in `latencyMs`. */
  serve(release: string, code: number, latencyMs: number, times = 1): void {
    const s = this.seriesOf(release);
    s.codes.set(code, (s.codes.get(code) ?? 0) + times);
    BUCKETS.forEach((le, i) => {
      if (latencyMs / 1_000 <= le) s.buckets[i] = (s.buckets[i] ?? 0) + times;
    });
    s.count += times;
    s.sum += (latencyMs / 1_000) * times;
  }

  /** Makes the series of `release` exist without traffic. */
  declare(release: string): void {
    this.seriesOf(release).codes.set(200, this.seriesOf(release).codes.get(200) ?? 0);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private seriesOf(release: string): Series {
    let s = this.series.get(release);
    if (!s) this.series.set(release, (s = { codes: new Map(), buckets: BUCKETS.map(() => 0), count: 0, sum: 0 }));
    return s;
  }

  private render(): string {
    const lines = ['# TYPE jetway_router_requests_total counter'];
    const labels = (release: string) => `app="shop",env="staging",release=${JSON.stringify(release)}`;
    for (const [release, s] of this.series) for (const [code, n] of s.codes) lines.push(`jetway_router_requests_total{${labels(release)},code="${code}"} ${n}`);
    lines.push('# TYPE jetway_router_request_duration_seconds histogram');
    for (const [release, s] of this.series) {
      BUCKETS.forEach((le, i) => lines.push(`jetway_router_request_duration_seconds_bucket{${labels(release)},le="${le}"} ${s.buckets[i] ?? 0}`));
      lines.push(`jetway_router_request_duration_seconds_bucket{${labels(release)},le="+Inf"} ${s.count}`);
      lines.push(`jetway_router_request_duration_seconds_sum{${labels(release)}} ${s.sum}`);
      lines.push(`jetway_router_request_duration_seconds_count{${labels(release)}} ${s.count}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
