import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Environment } from '@jetway/contracts';
import type { TrafficRouter } from '../../use-cases';

export interface LocalRouterOptions {
  /** Port to listen on, on 127.0.0.1; 0 lets the OS choose (tests). */
  readonly port: number;
  /** Bound on one proxied request, in milliseconds; the client gets 504 beyond it. */
  readonly upstreamTimeoutMs?: number;
}

interface Pool {
  readonly targets: readonly string[];
  next: number;
}

/** Methods a client expects to be safe to send twice, and which carry no body here. */
const RETRYABLE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Errors that mean the backend never answered (refused, reset, closed) — not a timeout. */
const RETRYABLE_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE']);
/** Backends one request may be tried on. */
const MAX_ATTEMPTS = 3;

/**
 * The local platform's traffic router: a reverse proxy owned by the deployer that gives each
 * (application, environment) a stable URL, `/<app>/<env>/<rest>` → `/<rest>` on one of its
 * backends, round-robin. Swapping backends replaces one immutable list, so it is atomic. It
 * counts the requests in flight to each backend, so a deploy stops an old instance only once
 * they finished (`drained`); a bodiless GET/HEAD/OPTIONS whose backend refused or reset the
 * connection before answering is tried again on another backend of the current set.
 */
export class LocalRouter implements TrafficRouter {
  private readonly pools = new Map<string, Pool>();
  // A fresh connection per request: a pooled socket to an instance being stopped would reset.
  private readonly agent = new http.Agent({ keepAlive: false });
  private readonly server: http.Server;
  private readonly inflight = new InFlight();

  private constructor(private readonly options: LocalRouterOptions) {
    this.server = http.createServer((req, res) => this.route(req, res));
  }

  /** Starts a router listening on 127.0.0.1:`options.port`. */
  static async start(options: LocalRouterOptions): Promise<LocalRouter> {
    const router = new LocalRouter(options);
    await new Promise<void>((resolve, reject) => {
      router.server.once('error', reject);
      router.server.listen(options.port, '127.0.0.1', () => resolve());
    });
    return router;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  setBackends(application: string, environment: Environment, targets: readonly string[]): void {
    this.pools.set(`${application}/${environment}`, { targets: Object.freeze([...targets]), next: 0 });
  }

  backends(application: string, environment: Environment): readonly string[] {
    return this.pools.get(`${application}/${environment}`)?.targets ?? [];
  }

  urlFor(application: string, environment: Environment): string {
    return `http://127.0.0.1:${this.port}/${application}/${environment}`;
  }

  drained(targets: readonly string[], timeoutMs: number): Promise<void> {
    return this.inflight.drained(targets, timeoutMs);
  }

  /** Requests in flight to `target` right now. */
  inFlightTo(target: string): number {
    return this.inflight.count(target);
  }

  /** Stops accepting connections and closes the open ones. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    this.agent.destroy();
    await closed;
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse): void {
    const match = /^\/([^/?]+)\/([^/?]+)(\/[^?]*)?(\?.*)?$/.exec(req.url ?? '/');
    if (!match) return reply(res, 404, `no route: use /<application>/<environment>/<path>`);
    const [, app, env, rest, query] = match;
    const key = `${app}/${env}`;
    if ((this.pools.get(key)?.targets.length ?? 0) === 0) return reply(res, 503, `no backend for ${key}`);
    this.forward({ req, res, key, path: `${rest ?? '/'}${query ?? ''}`, tried: new Set() });
  }

  /** The next backend of `key` round-robin, skipping the ones this request already tried. */
  private pick(key: string, tried: ReadonlySet<string>): string | undefined {
    const pool = this.pools.get(key);
    if (!pool) return undefined;
    for (let n = 0; n < pool.targets.length; n += 1) {
      const target = pool.targets[pool.next++ % pool.targets.length];
      if (target !== undefined && !tried.has(target)) return target;
    }
    return undefined;
  }

  private forward(call: Call, target = this.pick(call.key, call.tried)): void {
    const { req, res, key, path, tried } = call;
    if (target === undefined) return reply(res, 503, `no backend for ${key}`);
    tried.add(target);
    const [host, port] = splitTarget(target);
    const upstream = http.request({
      host,
      port,
      path,
      method: req.method,
      agent: this.agent,
      timeout: this.options.upstreamTimeoutMs ?? 30_000,
      headers: { ...req.headers, 'x-forwarded-prefix': `/${key}`, 'x-forwarded-host': req.headers.host ?? '' },
    });
    upstream.once('close', this.inflight.enter(target));
    upstream.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    // A client that went away must not keep the backend's request (and the drain) open.
    res.once('close', () => res.writableFinished || upstream.destroy());
    upstream.on('timeout', () => upstream.destroy(new Error('upstream timeout')));
    upstream.on('error', (error: NodeJS.ErrnoException) => this.failed(call, target, error));
    if (tried.size === 1) req.pipe(upstream);
    else upstream.end(); // a retry: the request had no body
  }

  private failed(call: Call, target: string, error: NodeJS.ErrnoException): void {
    const { req, res, key, tried } = call;
    if (res.headersSent) return void res.destroy(error);
    if (res.destroyed) return;
    const next = retryable(req, error) && tried.size < MAX_ATTEMPTS ? this.pick(key, tried) : undefined;
    if (next !== undefined) return this.forward(call, next);
    const timedOut = error.message === 'upstream timeout';
    reply(res, timedOut ? 504 : 502, `backend ${target} ${timedOut ? 'timed out' : `failed: ${error.message}`}`);
  }
}

interface Call {
  readonly req: http.IncomingMessage;
  readonly res: http.ServerResponse;
  readonly key: string;
  readonly path: string;
  /** Backends this request was sent to, in order. */
  readonly tried: Set<string>;
}

/** Sending it again cannot do harm: no body, a method meant to be repeatable, no answer yet. */
function retryable(req: http.IncomingMessage, error: NodeJS.ErrnoException): boolean {
  const bodiless = (req.headers['content-length'] ?? '0') === '0' && req.headers['transfer-encoding'] === undefined;
  return bodiless && RETRYABLE_METHODS.has(req.method ?? '') && RETRYABLE_ERRORS.has(error.code ?? '');
}

/** Requests in flight per backend, and waiters for some backends to have none. */
class InFlight {
  private readonly counts = new Map<string, number>();
  private readonly waiters = new Set<() => void>();

  count(target: string): number {
    return this.counts.get(target) ?? 0;
  }

  /** Counts one request to `target`; returns its end, which may be called more than once. */
  enter(target: string): () => void {
    this.counts.set(target, this.count(target) + 1);
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      const left = this.count(target) - 1;
      if (left > 0) this.counts.set(target, left);
      else this.counts.delete(target);
      for (const waiter of [...this.waiters]) waiter();
    };
  }

  drained(targets: readonly string[], timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (targets.some((t) => this.count(t) > 0)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => (this.waiters.delete(check), resolve()), timeoutMs);
      this.waiters.add(check);
      check();
    });
  }
}

function splitTarget(target: string): [string, number] {
  const at = target.lastIndexOf(':');
  return [target.slice(0, at), Number(target.slice(at + 1))];
}

function reply(res: http.ServerResponse, status: number, error: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error }));
}
