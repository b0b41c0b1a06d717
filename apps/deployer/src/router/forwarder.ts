import http from 'node:http';
import { RELEASE_HEADER, type RouteBackend } from '../use-cases/weighted-router.port';
import type { InFlight } from './in-flight';
import type { ReleaseMetrics } from './release-metrics';
import type { Pool } from './route-table';

/** Methods a client expects to be safe to send twice, and which carry no body here. */
const RETRYABLE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Errors that mean the backend never answered (refused, reset, closed) — not a timeout. */
const RETRYABLE_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE']);
/** Backends one request may be tried on. */
const MAX_ATTEMPTS = 3;

/** One client request on its way to a pool of the route. */
export interface Call {
  readonly req: http.IncomingMessage;
  readonly res: http.ServerResponse;
  readonly application: string;
  readonly environment: string;
  /** Sent to the backend as `x-forwarded-prefix`: what the router stripped. */
  readonly prefix: string;
  /** The backend's path and query. */
  readonly path: string;
  readonly pool: Pool;
  /** Arrival, on the monotonic clock (ms). */
  readonly startedAt: number;
}

interface Attempt extends Call {
  /** Targets this request was sent to, in order. */
  readonly tried: Set<string>;
  /** The backend tried last: whose release the request is counted for. */
  last?: RouteBackend;
}

/**
 * Forwards a request to a backend of its pool: counts it in flight per backend (so a deploy can
 * wait for an old backend to drain before stopping it), bounds the time to the backend's answer,
 * sends a bodiless GET/HEAD/OPTIONS that a backend refused or reset before answering again to
 * another backend of the same pool, and records the outcome for the backend's release.
 */
export class Forwarder {
  // Connections to backends are kept alive (a new one per request cost ~1 ms at p50 and 2–3× at
  // p99 under load, npm run rollout-bench) but closed after 1 s idle, before most servers' own idle
  // timeouts (Node's is 5 s, and its hint is honoured): a reused connection the backend closed
  // meanwhile would reset a request. No new request goes to a backend being stopped: a deploy
  // takes it out of the route and waits for its requests to drain first.
  private readonly agent = new http.Agent({ keepAlive: true, scheduling: 'lifo', timeout: 1_000 });

  constructor(
    private readonly inflight: InFlight,
    private readonly metrics: ReleaseMetrics,
    private readonly upstreamTimeoutMs: number,
  ) {}

  forward(call: Call): void {
    const attempt: Attempt = { ...call, tried: new Set() };
    call.res.once('close', () => this.record(attempt));
    this.send(attempt, call.pool.take());
  }

  close(): void {
    this.agent.destroy();
  }

  private send(call: Attempt, backend: RouteBackend | undefined): void {
    const { req, res, tried } = call;
    if (backend === undefined) return reply(res, 503, `no backend for ${call.application}/${call.environment}`);
    tried.add(backend.target);
    call.last = backend;
    const [host, port] = splitTarget(backend.target);
    const upstream = http.request({
      host,
      port,
      path: call.path,
      method: req.method,
      agent: this.agent,
      timeout: this.upstreamTimeoutMs,
      headers: { ...req.headers, 'x-forwarded-prefix': call.prefix, 'x-forwarded-host': req.headers.host ?? '' },
    });
    upstream.once('close', this.inflight.enter(backend.target));
    upstream.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...answer.headers, [RELEASE_HEADER]: backend.release });
      answer.pipe(res);
    });
    // A client that went away must not keep the backend's request (and the drain) open.
    res.once('close', () => res.writableFinished || upstream.destroy());
    upstream.on('timeout', () => upstream.destroy(new Error('upstream timeout')));
    upstream.on('error', (error: NodeJS.ErrnoException) => this.failed(call, backend, error));
    if (tried.size === 1) req.pipe(upstream);
    else upstream.end(); // a retry: the request had no body
  }

  private failed(call: Attempt, backend: RouteBackend, error: NodeJS.ErrnoException): void {
    const { req, res, tried } = call;
    if (res.headersSent) return void res.destroy(error);
    if (res.destroyed) return;
    const next = retryable(req, error) && tried.size < MAX_ATTEMPTS ? call.pool.take(tried) : undefined;
    if (next !== undefined) {
      this.metrics.retried(call.application, call.environment, backend.release);
      return this.send(call, next);
    }
    const timedOut = error.message === 'upstream timeout';
    reply(res, timedOut ? 504 : 502, `backend ${backend.target} ${timedOut ? 'timed out' : `failed: ${error.message}`}`);
  }

  private record(call: Attempt): void {
    const { res } = call;
    this.metrics.observe({
      application: call.application,
      environment: call.environment,
      release: call.last?.release ?? 'none',
      // The client left before the whole answer: not the release's error (nginx's 499).
      code: res.writableFinished ? res.statusCode : 499,
      latencyMs: performance.now() - call.startedAt,
      atMs: Date.now(),
    });
  }
}

/** Sending it again cannot do harm: no body, a method meant to be repeatable, no answer yet. */
function retryable(req: http.IncomingMessage, error: NodeJS.ErrnoException): boolean {
  const bodiless = (req.headers['content-length'] ?? '0') === '0' && req.headers['transfer-encoding'] === undefined;
  return bodiless && RETRYABLE_METHODS.has(req.method ?? '') && RETRYABLE_ERRORS.has(error.code ?? '');
}

function splitTarget(target: string): [string, number] {
  const at = target.lastIndexOf(':');
  return [target.slice(0, at), Number(target.slice(at + 1))];
}

/** A JSON error answer of the router itself. */
export function reply(res: http.ServerResponse, status: number, error: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error }));
}
