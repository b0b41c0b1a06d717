import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface OpsServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * `/metrics` (Prometheus text), `/health/live` (the process answers) and `/health/ready`
 * (as `ready()` says: NATS connected, consumers bound, the KV writes the service needs working;
 * 503 with the reason otherwise).
 */
export async function startOpsServer(options: {
  port: number;
  host?: string;
  registry: Registry;
  ready: () => { ready: boolean; detail?: string };
}): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      options.registry
        .metrics()
        .then((body) => res.writeHead(200, { 'content-type': options.registry.contentType }).end(body))
        .catch((error: Error) => res.writeHead(500).end(error.message));
      return;
    }
    if (path === '/health/live') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"live"}');
      return;
    }
    if (path === '/health/ready') {
      const state = options.ready();
      res
        .writeHead(state.ready ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: state.ready ? 'ready' : 'not_ready', detail: state.detail }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
