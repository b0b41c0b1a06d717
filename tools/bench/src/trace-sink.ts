import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TraceSink {
  /** OTLP/HTTP traces endpoint for OTEL_EXPORTER_OTLP_TRACES_ENDPOINT. */
  endpoint: string;
  /** Export requests and body bytes received so far. */
  received(): { requests: number; bytes: number };
  close(): Promise<void>;
}

/**
 * Stands in for an OpenTelemetry collector: accepts OTLP/HTTP trace exports and discards them,
 * so the services pay the whole cost of tracing (spans, batching, serialising, sending).
 */
export async function startTraceSink(): Promise<TraceSink> {
  let requests = 0;
  let bytes = 0;
  const server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/v1/traces`,
    received: () => ({ requests, bytes }),
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
