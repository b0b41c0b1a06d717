import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseHeyReport, startHey } from './hey';
import { waitFor } from './wait-for';

// hey 0.1.4's summary, cut to the parts the parser reads (and one it must not confuse: "Total data").
const SUMMARY = `
Summary:
  Total:\t5.0021 secs
  Slowest:\t0.0152 secs
  Requests/sec:\t799.6640

  Total data:\t400 bytes

Latency distribution:
  10% in 0.0006 secs
  50% in 0.0011 secs
  99%% in 0.0150 secs

Details (average, fastest, slowest):
  resp read:\t0.0000 secs, 0.0000 secs, 0.0026 secs

Status code distribution:
  [200]\t3990 responses
  [502]\t6 responses

Error distribution:
  [3]\tGet "http://127.0.0.1:8480/hello/staging/": dial tcp 127.0.0.1:8480: connect: connection refused
  [1]\tGet "http://127.0.0.1:8480/hello/staging/": EOF
`;

describe('parseHeyReport', () => {
  it('counts responses per status code, requests without a response, and what failed', () => {
    const report = parseHeyReport(SUMMARY);
    expect(report.statuses).toEqual({ 200: 3990, 502: 6 });
    expect(report.errors).toEqual({
      'Get "http://127.0.0.1:8480/hello/staging/": dial tcp 127.0.0.1:8480: connect: connection refused': 3,
      'Get "http://127.0.0.1:8480/hello/staging/": EOF': 1,
    });
    expect(report).toMatchObject({ requests: 4000, failed: 10, nonSuccess: 6, errorCount: 4 });
  });

  it('reads the latency percentiles in ms (one or two percent signs), the rate and the duration', () => {
    const report = parseHeyReport(SUMMARY);
    expect(report.latencyMs).toEqual({ 10: 0.6, 50: 1.1, 99: 15 });
    expect(report.requestsPerSecond).toBe(799.664);
    expect(report.totalSeconds).toBe(5.0021);
  });

  it('reads a clean run as clean', () => {
    const clean = 'Summary:\n  Total:\t1.0000 secs\n\nStatus code distribution:\n  [200]\t2500 responses\n\n\n';
    expect(parseHeyReport(clean)).toMatchObject({ requests: 2500, failed: 0, nonSuccess: 0, errorCount: 0, errors: {}, latencyMs: {} });
  });

  it('refuses output that is not a summary (hey failed to start)', () => {
    expect(() => parseHeyReport('flag provided but not defined: -zz')).toThrow(/not a hey summary/);
  });
});

describe('startHey', () => {
  let server: Server;
  let url: string;
  let served = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => (served += 1, res.end('ok')));
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(() => new Promise<void>((closed) => server.close(() => closed())));

  it('sends a request count and resolves the report when hey ends', async () => {
    const report = await startHey(url, { requests: 40, concurrency: 4 }).finished;
    expect(report).toMatchObject({ requests: 40, failed: 0, statuses: { 200: 40 } });
  });

  it('stop() interrupts a timed run and resolves its summary', async () => {
    const hey = startHey(url, { seconds: 120, concurrency: 2, qps: 20 });
    const began = Date.now();
    const before = served;
    await waitFor(() => served - before >= 5, { timeoutMs: 10_000, message: 'hey to send 5 requests' });
    const report = await hey.stop();
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(report.requests).toBeGreaterThanOrEqual(5);
    expect(report.failed).toBe(0);
    expect(report.totalSeconds).toBeLessThan(10);
  });

  it('says how to install hey when JETWAY_HEY_BIN names nothing', () => {
    const before = process.env['JETWAY_HEY_BIN'];
    process.env['JETWAY_HEY_BIN'] = '/nonexistent/hey';
    try {
      expect(() => startHey(url, { requests: 1, concurrency: 1 })).toThrow('/nonexistent/hey not found or not executable: install Debian\'s hey (sudo apt-get install hey) or set JETWAY_HEY_BIN');
    } finally {
      if (before === undefined) delete process.env['JETWAY_HEY_BIN'];
      else process.env['JETWAY_HEY_BIN'] = before;
    }
  });
});
