import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Route } from '../use-cases/weighted-router.port';
import { Forwarder, reply } from './forwarder';
import { InFlight } from './in-flight';
import { ReleaseMetrics, type ReleaseWindow, type StatsQuery } from './release-metrics';
import { RouteTable, type Scope } from './route-table';

export interface RouterServerOptions {
  /** Port to listen on, on 127.0.0.1; 0 lets the OS choose (tests). */
  readonly port: number;
  /** Bound on one proxied request, in milliseconds; the client gets 504 beyond it. */
  readonly upstreamTimeoutMs?: number;
  /** Requests kept per release for windowed stats (default 2^17). */
  readonly ringCapacity?: number;
}

/** The answer of `GET /_jetway/stats`. */
export interface StatsAnswer {
  readonly application: string;
  readonly environment: string;
  readonly since_ms: number;
  readonly until_ms: number;
  readonly releases: ReleaseWindow[];
}

/** The preview URL's first segment: never an application name (those start with a letter). */
export const PREVIEW_PREFIX = '_preview';
/** The default stats window when `since` is not given. */
const DEFAULT_WINDOW_MS = 60_000;
const PRUNE_EVERY_MS = 60_000;

/**
 * The local platform's traffic router: a reverse proxy giving each (application, environment) a
 * stable URL, `/<app>/<env>/<rest>` → `/<rest>` on a backend of its route (the canary set takes
 * its weight in percent, the stable set the rest), and a preview URL,
 * `/_preview/<app>/<env>/<rest>`, reaching only the route's preview set. `/metrics` and
 * `/_jetway/stats` tell what each release served. Routes are set by its owner (the control
 * server, or the deployer itself for the no-op platform); this class does no I/O but HTTP.
 */
export class RouterServer {
  private readonly table = new RouteTable();
  private readonly inflight = new InFlight();
  private readonly metrics: ReleaseMetrics;
  private readonly forwarder: Forwarder;
  private readonly server: http.Server;
  private readonly pruning: NodeJS.Timeout;

  private constructor(options: RouterServerOptions) {
    this.metrics = new ReleaseMetrics(options.ringCapacity);
    this.forwarder = new Forwarder(this.inflight, this.metrics, options.upstreamTimeoutMs ?? 30_000);
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.pruning = setInterval(() => this.metrics.prune(Date.now(), this.table.releases()), PRUNE_EVERY_MS).unref();
  }

  /** Starts a router listening on 127.0.0.1:`options.port`. */
  static async start(options: RouterServerOptions): Promise<RouterServer> {
    const router = new RouterServer(options);
    await new Promise<void>((resolve, reject) => {
      router.server.once('error', reject);
      router.server.listen(options.port, '127.0.0.1', () => resolve());
    });
    return router;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  setRoute(application: string, environment: string, route: Route): void {
    this.table.set(`${application}/${environment}`, route);
  }

  route(application: string, environment: string): Route | undefined {
    return this.table.get(`${application}/${environment}`);
  }

  /** Every route, keyed `<app>/<env>`. */
  routes(): Record<string, Route> {
    return Object.fromEntries(this.table.entries());
  }

  /** Resolves true once no request to any of `targets` is in flight, false after `timeoutMs`. */
  drained(targets: readonly string[], timeoutMs: number): Promise<boolean> {
    return this.inflight.drained(targets, timeoutMs);
  }

  inFlightTo(target: string): number {
    return this.inflight.count(target);
  }

  stats(query: StatsQuery): ReleaseWindow[] {
    return this.metrics.stats(query);
  }

  /**
   * Stops accepting connections, lets the requests in flight finish (up to `graceMs`), then
   * closes every connection.
   */
  async close(graceMs = 0): Promise<void> {
    clearInterval(this.pruning);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    if (graceMs > 0) await this.inflight.drained(undefined, graceMs);
    this.server.closeAllConnections();
    this.forwarder.close();
    await closed;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const startedAt = performance.now();
    const url = req.url ?? '/';
    if (url === '/metrics' || url.startsWith('/metrics?')) return this.renderMetrics(res);
    if (url.startsWith('/_jetway/stats')) return this.renderStats(url, res);
    const preview = url.startsWith(`/${PREVIEW_PREFIX}/`);
    const match = /^\/([^/?]+)\/([^/?]+)(\/[^?]*)?(\?.*)?$/.exec(preview ? url.slice(PREVIEW_PREFIX.length + 1) : url);
    if (!match) return reply(res, 404, `no route: use /<application>/<environment>/<path> (or /${PREVIEW_PREFIX}/<application>/<environment>/<path>)`);
    const [, application = '', environment = '', rest, query] = match;
    const scope: Scope = preview ? 'preview' : 'main';
    const pool = this.table.choose(`${application}/${environment}`, scope);
    if (!pool) return this.noBackend(res, application, environment, scope, startedAt);
    const prefix = `${preview ? `/${PREVIEW_PREFIX}` : ''}/${application}/${environment}`;
    this.forwarder.forward({ req, res, application, environment, prefix, path: `${rest ?? '/'}${query ?? ''}`, pool, startedAt });
  }

  private noBackend(res: http.ServerResponse, application: string, environment: string, scope: Scope, startedAt: number): void {
    const what = scope === 'preview' ? `no preview backend for ${application}/${environment}` : `no backend for ${application}/${environment}`;
    reply(res, 503, what);
    const latencyMs = performance.now() - startedAt;
    this.metrics.observe({ application, environment, release: 'none', code: 503, latencyMs, atMs: Date.now() });
  }

  private renderMetrics(res: http.ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(this.metrics.render());
  }

  private renderStats(url: string, res: http.ServerResponse): void {
    const parsed = parseStatsQuery(new URL(url, 'http://router').searchParams, Date.now());
    if ('error' in parsed) return reply(res, 400, parsed.error);
    const answer: StatsAnswer = {
      application: parsed.application,
      environment: parsed.environment,
      since_ms: parsed.sinceMs,
      until_ms: parsed.untilMs,
      releases: this.metrics.stats(parsed),
    };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  }
}

/** `app`, `env` (required), `release`, `since` and `until` (epoch ms; default: the last minute up to now). */
export function parseStatsQuery(params: URLSearchParams, nowMs: number): StatsQuery | { error: string } {
  const application = params.get('app');
  const environment = params.get('env');
  if (!application || !environment) return { error: 'stats: give app and env (and optionally release, since and until in epoch milliseconds)' };
  const number = (name: string, fallback: number): number | undefined => {
    const raw = params.get(name);
    if (raw === null || raw === '') return fallback;
    const value = Number(raw);
    return Number.isFinite(value) && value >= 0 ? value : undefined;
  };
  const untilMs = number('until', nowMs);
  const sinceMs = number('since', (untilMs ?? nowMs) - DEFAULT_WINDOW_MS);
  if (untilMs === undefined) return { error: 'stats: until must be epoch milliseconds' };
  if (sinceMs === undefined || sinceMs > untilMs) return { error: 'stats: since must be epoch milliseconds, not after until' };
  const release = params.get('release') ?? undefined;
  return { application, environment, sinceMs, untilMs, ...(release ? { release } : {}) };
}
