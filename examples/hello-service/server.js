'use strict';
// A dependency-free sample service: Jetway builds it into a tar.gz, deploys it with the local
// driver and scrapes /metrics. Everything it needs comes from the environment:
//   PORT (required), APP_VERSION (overrides package.json), HEALTH_FAIL=1 (force /health 500),
//   FAIL_RATE=0.3 (answer that share of `/` requests 500, evenly spread: exactly 3 of every 10,
//   so a canary test can bound the failures a client sees; /health and /metrics are unaffected).
// A file named BROKEN next to this script also fails /health, so a test can build a broken
// release with a different digest without touching the code.
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, 'package.json'), 'utf8'));
const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`PORT must be a TCP port number, got ${JSON.stringify(process.env.PORT)}`);
  process.exit(2);
}
const version = process.env.APP_VERSION || pkg.version;
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// Only known paths become label values, so a scanner hitting random URLs cannot blow up
// the number of series Prometheus stores.
const KNOWN_PATHS = new Set(['/', '/health', '/metrics']);

const requests = new Map(); // `${code}\u0000${path}` -> count
const histogram = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };

const failRate = Math.min(1, Math.max(0, Number(process.env.FAIL_RATE) || 0));
let served = 0;

/** Whether the next `/` request fails: the n-th fails when floor(n * rate) steps up, so the share is exact. */
function nextFails() {
  served += 1;
  return Math.floor(served * failRate) > Math.floor((served - 1) * failRate);
}

function isBroken() {
  return process.env.HEALTH_FAIL === '1' || fs.existsSync(path.join(__dirname, 'BROKEN'));
}

function observe(code, pathLabel, seconds) {
  const key = `${code}\u0000${pathLabel}`;
  requests.set(key, (requests.get(key) || 0) + 1);
  BUCKETS.forEach((le, i) => {
    if (seconds <= le) histogram.counts[i] += 1;
  });
  histogram.sum += seconds;
  histogram.count += 1;
}

function renderMetrics() {
  const lines = [
    '# HELP http_requests_total HTTP requests served, by status code and path.',
    '# TYPE http_requests_total counter',
  ];
  for (const [key, count] of requests) {
    const [code, p] = key.split('\u0000');
    lines.push(`http_requests_total{code="${code}",path="${p}"} ${count}`);
  }
  lines.push(
    '# HELP http_request_duration_seconds Time to serve an HTTP request.',
    '# TYPE http_request_duration_seconds histogram',
  );
  BUCKETS.forEach((le, i) => {
    lines.push(`http_request_duration_seconds_bucket{le="${le}"} ${histogram.counts[i]}`);
  });
  lines.push(`http_request_duration_seconds_bucket{le="+Inf"} ${histogram.count}`);
  lines.push(`http_request_duration_seconds_sum ${histogram.sum}`);
  lines.push(`http_request_duration_seconds_count ${histogram.count}`);
  return `${lines.join('\n')}\n`;
}

function route(pathname) {
  if (pathname === '/') {
    if (nextFails()) return { code: 500, type: 'application/json', body: JSON.stringify({ error: 'failing on purpose (FAIL_RATE)', version }) };
    return { code: 200, type: 'application/json', body: JSON.stringify({ service: pkg.name, version, instance: port }) };
  }
  if (pathname === '/health') {
    const broken = isBroken();
    return { code: broken ? 500 : 200, type: 'application/json', body: JSON.stringify({ status: broken ? 'failing' : 'ok' }) };
  }
  if (pathname === '/metrics') {
    return { code: 200, type: 'text/plain; version=0.0.4; charset=utf-8', body: renderMetrics() };
  }
  return { code: 404, type: 'application/json', body: JSON.stringify({ error: `no route for ${pathname}` }) };
}

const server = http.createServer((req, res) => {
  const started = process.hrtime.bigint();
  const pathname = new URL(req.url || '/', 'http://localhost').pathname;
  const { code, type, body } = route(pathname);
  res.writeHead(code, { 'content-type': type });
  res.end(body);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  observe(code, KNOWN_PATHS.has(pathname) ? pathname : 'other', seconds);
});

server.listen(port, '127.0.0.1', () => {
  console.log(JSON.stringify({ msg: 'listening', service: pkg.name, version, port }));
});

// Graceful stop: finish in-flight requests, drop idle keep-alive sockets, then exit. The
// timer is a backstop for a client that never finishes; unref'd so it never delays exit.
process.on('SIGTERM', () => {
  console.log(JSON.stringify({ msg: 'SIGTERM: draining', port }));
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 5000).unref();
});
