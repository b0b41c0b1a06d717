import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as it arrived, whatever was answered. `at` is `Date.now()` on arrival. */
export interface ReceivedRequest {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface Reply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A payload the fake refused, with one `field.path: message` line per problem. */
export interface Rejection {
  readonly body: unknown;
  readonly errors: string[];
}

export interface HttpReceiver {
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  /** Every request in arrival order, including forced failures and rejections. */
  readonly requests: ReceivedRequest[];
  /** Answer the next request with `status` (e.g. 429 with `{ 'retry-after': '2' }`) instead of handling it. Queues. */
  failNext(status: number, headers?: Record<string, string>, body?: string): void;
  /** Polls `condition` until true; rejects with `what()` after `timeoutMs`. */
  waitUntil(condition: () => boolean, timeoutMs: number, what: () => string): Promise<void>;
  close(): Promise<void>;
}

const POLL_MS = 5;

/** A loopback HTTP server on an ephemeral port that hands each request to `handle`. */
export async function startHttpReceiver(handle: (request: ReceivedRequest) => Reply): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const forced: Reply[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = {
        at: Date.now(),
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const reply = forced.shift() ?? handle(request);
      res.writeHead(reply.status, reply.headers).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    failNext: (status, headers = {}, body = `forced failure ${status}`) => {
      forced.push({ status, headers: { 'content-type': 'text/plain', ...headers }, body });
    },
    waitUntil,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

async function waitUntil(condition: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Parses a JSON body; `undefined` plus a reason when it is not JSON. */
export function parseJson(body: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (error) {
    return { ok: false, error: `(root): body is not JSON (${(error as Error).message})` };
  }
}

export function json(status: number, value: unknown): Reply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

export function text(status: number, body: string): Reply {
  return { status, headers: { 'content-type': 'text/plain' }, body };
}
