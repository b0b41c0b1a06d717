import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TransientError } from '@jetway/messaging';
import { PrometheusReloadDriver } from './prometheus-reload.driver';

describe('PrometheusReloadDriver', () => {
  let server: Server;
  let url: string;
  const calls: string[] = [];
  let answer = 200;
  beforeAll(async () => {
    server = createServer((req, res) => {
      calls.push(`${req.method ?? ''} ${req.url ?? ''}`);
      res.writeHead(answer).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/-/reload`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('POSTs to the reload endpoint', async () => {
    answer = 200;
    await new PrometheusReloadDriver({ url }).reload();
    expect(calls).toContain('POST /-/reload');
  });

  it('treats a refusal as transient and names the lifecycle flag on 403', async () => {
    answer = 403;
    const error: unknown = await new PrometheusReloadDriver({ url }).reload().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect(String(error)).toContain('--web.enable-lifecycle');
  });

  it('treats an unreachable Prometheus as transient', async () => {
    const driver = new PrometheusReloadDriver({ url: 'http://127.0.0.1:1/-/reload', timeoutMs: 1_000 });
    await expect(driver.reload()).rejects.toBeInstanceOf(TransientError);
  });
});
