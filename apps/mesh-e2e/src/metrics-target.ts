import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A service the test can take down and bring back on the same port, serving the metric contract on /metrics. */
export interface MetricsTarget {
  /** `127.0.0.1:<port>`, a Prometheus target. */
  readonly target: string;
  /** Stops answering (connections refused): Prometheus sees `up == 0`. */
  stop(): Promise<void>;
  /** Answers again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

const METRICS = [
  '# HELP http_requests_total HTTP requests served.',
  '# TYPE http_requests_total counter',
  'http_requests_total{code="200"} 0',
  '# HELP http_request_duration_seconds Time to serve a request.',
  '# TYPE http_request_duration_seconds histogram',
  'http_request_duration_seconds_bucket{le="0.1"} 0',
  'http_request_duration_seconds_bucket{le="+Inf"} 0',
  'http_request_duration_seconds_sum 0',
  'http_request_duration_seconds_count 0',
  '',
].join('\n');

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startMetricsTarget(): Promise<MetricsTarget> {
  const serve = () =>
    http.createServer((req, res) => {
      res.writeHead(req.url === '/metrics' ? 200 : 404, { 'content-type': 'text/plain; version=0.0.4', connection: 'close' });
      res.end(req.url === '/metrics' ? METRICS : 'not found');
    });
  let server: http.Server | undefined = serve();
  const port = await listen(server, 0);
  const stop = async () => {
    const current = server;
    server = undefined;
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()).closeAllConnections());
  };
  return {
    target: `127.0.0.1:${port}`,
    stop,
    start: async () => {
      if (server) return;
      server = serve();
      await listen(server, port);
    },
    close: stop,
  };
}
