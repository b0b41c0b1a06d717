import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort, waitFor } from '@jetway/testing';
import { describeTraffic, startSteadyTraffic } from './steady-traffic';

describe('steady traffic (the launcher canary example)', () => {
  let server: Server;
  let url: string;
  let served = 0;

  beforeAll(async () => {
    // Every third request a 500, and the version flips after 10 requests: what a canary looks like to a client.
    server = createServer((req, res) => {
      served += 1;
      if (served % 3 === 0) return void res.writeHead(500).end('boom');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ version: served <= 10 ? 'v1' : 'v2' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('counts every answer by status and version, and the failures', async () => {
    served = 0;
    const traffic = startSteadyTraffic(url, { clients: 2, perSecond: 200 });
    await waitFor(() => served >= 30, { timeoutMs: 10_000, message: '30 requests served' });
    const report = await traffic.stop();

    expect(report.requests).toBe(served);
    const fails = Math.floor(served / 3);
    expect(report.statuses).toEqual({ 200: served - fails, 500: fails });
    expect(report.failed).toBe(fails);
    expect(report.errors).toEqual({});
    expect((report.versions['v1'] ?? 0) + (report.versions['v2'] ?? 0)).toBe(served - fails);
    expect(report.versions['v1']).toBe(7); // requests 1–10 less the 3rd, 6th and 9th
    expect(describeTraffic(report)).toMatch(new RegExp(`^${served} requests, ${fails} failed; answered by v1 7, v2 \\d+ \\(${fails}× HTTP 500\\)$`));
  });

  it('counts a request that got no answer as failed, naming why', async () => {
    const traffic = startSteadyTraffic(`http://127.0.0.1:${await freePort()}/`, { clients: 1, perSecond: 50 }); // nothing listens
    await new Promise((resolve) => setImmediate(resolve));
    const report = await traffic.stop();

    expect(report.requests).toBeGreaterThanOrEqual(1);
    expect(report.failed).toBe(report.requests);
    expect(Object.keys(report.errors).join()).toMatch(/ECONNREFUSED/);
    expect(describeTraffic(report)).toMatch(/failed \(\d+× connect ECONNREFUSED/);
  });
});
