'use strict';
// The app the chaos suite deploys. At start it appends one line to $CHAOS_STARTS_FILE — the
// effect counter at the outside boundary: every process the deployer's runtime started, whoever
// started it. /health answers 500 when the release was built broken (HEALTH_FAIL in this file).
const { appendFileSync } = require('node:fs');
const http = require('node:http');

const port = Number(process.env.PORT || 8080);
const healthy = process.env.HEALTH_FAIL !== '1';
if (process.env.CHAOS_STARTS_FILE) {
  appendFileSync(process.env.CHAOS_STARTS_FILE, `${JSON.stringify({ app: process.env.CHAOS_APP, release: process.cwd(), pid: process.pid })}\n`);
}
http
  .createServer((req, res) => {
    const status = req.url === '/health' && !healthy ? 500 : 200;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ app: process.env.CHAOS_APP, healthy }));
  })
  .listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
