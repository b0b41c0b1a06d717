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

/**
 * The local platform's traffic router: a reverse proxy owned by the deployer that gives each
 * (application, environment) a stable URL, `/<app>/<env>/<rest>` → `/<rest>` on one of its
 * backends, round-robin. Swapping backends replaces one immutable list, so it is atomic.
 */
export class LocalRouter implements TrafficRouter {
  private readonly pools = new Map<string, Pool>();
  // A fresh connection per request: a pooled socket to an instance being stopped would reset.
  private readonly agent = new http.Agent({ keepAlive: false });
  private readonly server: http.Server;

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
    const pool = this.pools.get(key);
    const target = pool && pool.targets.length > 0 ? pool.targets[pool.next++ % pool.targets.length] : undefined;
    if (!target) return reply(res, 503, `no backend for ${key}`);
    this.forward(req, res, target, `${rest ?? '/'}${query ?? ''}`, `/${key}`);
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse, target: string, path: string, prefix: string): void {
    const [host, port] = splitTarget(target);
    const upstream = http.request(
      {
        host,
        port,
        path,
        method: req.method,
        agent: this.agent,
        timeout: this.options.upstreamTimeoutMs ?? 30_000,
        headers: { ...req.headers, 'x-forwarded-prefix': prefix, 'x-forwarded-host': req.headers.host ?? '' },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('timeout', () => upstream.destroy(new Error('upstream timeout')));
    upstream.on('error', (error) => {
      if (res.headersSent) return void res.destroy(error);
      const timedOut = error.message === 'upstream timeout';
      reply(res, timedOut ? 504 : 502, `backend ${target} ${timedOut ? 'timed out' : `failed: ${error.message}`}`);
    });
    req.pipe(upstream);
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
