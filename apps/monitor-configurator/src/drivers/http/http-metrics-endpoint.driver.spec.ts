import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '@jetway/testing';
import { HttpMetricsEndpoint } from './http-metrics-endpoint.driver';

describe('HttpMetricsEndpoint', () => {
  let server: Server;
  let target: string;
  const accepts: (string | undefined)[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      accepts.push(req.headers.accept);
      res.writeHead(req.url === '/metrics' ? 200 : 400, { 'content-type': 'text/plain; version=0.0.4' }).end('up 1\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    target = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('GETs /metrics asking for the text format, and returns status and body', async () => {
    await expect(new HttpMetricsEndpoint().scrape(target)).resolves.toEqual({ answered: true, status: 200, body: 'up 1\n' });
    expect(accepts.at(-1)).toContain('text/plain;version=0.0.4');
  });

  it('returns a 404 as an answer (the caller judges it)', async () => {
    const stub = createServer((_req, res) => res.writeHead(404).end('Not Found'));
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    const answer = await new HttpMetricsEndpoint().scrape(`127.0.0.1:${(stub.address() as AddressInfo).port}`);
    await new Promise<void>((resolve) => stub.close(() => resolve()));
    expect(answer).toEqual({ answered: true, status: 404, body: 'Not Found' });
  });

  it('says why when nothing listens, instead of rejecting', async () => {
    const port = await freePort();
    await expect(new HttpMetricsEndpoint().scrape(`127.0.0.1:${port}`)).resolves.toEqual({
      answered: false,
      error: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('gives up after the timeout', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const answer = await new HttpMetricsEndpoint({ timeoutMs: 100 }).scrape(`127.0.0.1:${(silent.address() as AddressInfo).port}`);
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    expect(answer).toEqual({ answered: false, error: expect.stringMatching(/timeout|aborted/i) });
  });
});
