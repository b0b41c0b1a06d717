'use strict';
// The app the chaos suite deploys. At start it appends one line to $CHAOS_STARTS_FILE — the
// effect counter at the outside boundary: every process the deployer's runtime started, whoever
// started it. /health answers 500 when the release was built broken (HEALTH_FAIL in this file).
// /metrics meets the metric contract the monitor step checks (README "The metric contract").
const { appendFileSync } = require('node:fs');
const http = require('node:http');

const port = Number(process.env.PORT || 8080);
const healthy = process.env.HEALTH_FAIL !== '1';
if (process.env.CHAOS_STARTS_FILE) {
  appendFileSync(process.env.CHAOS_STARTS_FILE, `${JSON.stringify({ app: process.env.CHAOS_APP, release: process.cwd(), pid: process.pid })}\n`);
}
const served = new Map(); // status code -> requests
function metrics() {
  const total = [...served.values()].reduce((a, b) => a + b, 0);
  return [
    '# HELP http_requests_total HTTP requests served, by status code.',
    '# TYPE http_requests_total counter',
    ...[...served].map(([code, n]) => `http_requests_total{code="${code}"} ${n}`),
    '# HELP http_request_duration_seconds Time to serve an HTTP request (not measured here).',
    '# TYPE http_request_duration_seconds histogram',
    `http_request_duration_seconds_bucket{le="+Inf"} ${total}`,
    'http_request_duration_seconds_sum 0',
    `http_request_duration_seconds_count ${total}`,
    '',
  ].join('\n');
}
http
  .createServer((req, res) => {
    if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(metrics());
      return;
    }
    const status = req.url === '/health' && !healthy ? 500 : 200;
    served.set(status, (served.get(status) || 0) + 1);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ app: process.env.CHAOS_APP, healthy }));
  })
  .listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
