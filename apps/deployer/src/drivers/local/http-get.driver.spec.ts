import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpGetStatus } from './http-get.driver';

describe('httpGetStatus', () => {
  const held: http.ServerResponse[] = [];
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/hang') return void held.push(res); // never answers
      res.writeHead(req.url === '/boom' ? 500 : 204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('resolves with the status code, whatever it is', async () => {
    expect(await httpGetStatus(`${base}/ok`, 1_000)).toBe(204);
    expect(await httpGetStatus(`${base}/boom`, 1_000)).toBe(500);
  });

  it('rejects when no answer comes within the timeout', async () => {
    const started = Date.now();
    await expect(httpGetStatus(`${base}/hang`, 150)).rejects.toThrow('no answer within 150 ms');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('rejects on a refused connection', async () => {
    await expect(httpGetStatus('http://127.0.0.1:1/', 1_000)).rejects.toThrow(/ECONNREFUSED/);
  });
});
