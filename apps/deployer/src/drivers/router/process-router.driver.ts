import type { Environment } from '@jetway/contracts';
import type { RouterStatus } from '../../router/control-server';
import { routerPaths } from '../../router/router-files';
import type { Route, WeightedRouter } from '../../use-cases/weighted-router.port';
import { controlCall, RouterUnreachable } from './control-client';
import { ensureRouter, type RouterLaunch } from './router-launch';
import type { RouterStats, RouterStatsAnswer, RouterStatsQuery } from './router-stats';

export interface ProcessRouterOptions extends RouterLaunch {
  /** The deployer's data directory: the router's socket, record, routes file and log are in `<it>/router/`. */
  readonly dataDir: string;
}

/**
 * The `WeightedRouter` of the local platform: a client of the router process (apps/deployer/src/router),
 * which serves the stable and preview URLs on its own and outlives the deployer. `start` adopts
 * the router already serving the data directory or starts one (detached). Calls go over the
 * control socket (`<dataDir>/router/control.sock`, mode 600); a router that died meanwhile is
 * started again, on the same port, and serves its persisted routes at once.
 *
 * Stable URL `http://127.0.0.1:<port>/<app>/<env>/…`; preview URL
 * `http://127.0.0.1:<port>/_preview/<app>/<env>/…`; metrics `GET /metrics` on the same port;
 * windowed per-release stats via `stats()` (see `RouterStats`).
 */
export class ProcessRouter implements WeightedRouter, RouterStats {
  private reviving: Promise<void> | undefined;

  private constructor(
    private readonly options: ProcessRouterOptions,
    private status: RouterStatus,
    /** Whether the router was already running when this deployer started (it was adopted). */
    readonly adopted: boolean,
  ) {}

  static async start(options: ProcessRouterOptions): Promise<ProcessRouter> {
    const found = await ensureRouter(options.dataDir, options);
    return new ProcessRouter(options, found.status, found.adopted);
  }

  /** The port the router serves on (an adopted router keeps the one it was started with). */
  get port(): number {
    return this.status.port;
  }

  /** The router process's pid. */
  get pid(): number {
    return this.status.pid;
  }

  async setRoute(application: string, environment: Environment, route: Route): Promise<void> {
    await this.call('PUT', `/v1/routes/${application}/${environment}`, { body: route });
  }

  async route(application: string, environment: Environment): Promise<Route | undefined> {
    const answer = await this.call<{ route: Route }>('GET', `/v1/routes/${application}/${environment}`, { missingIsUndefined: true });
    return answer?.route;
  }

  /** Every route the router serves, keyed `<app>/<env>`. */
  async routes(): Promise<Record<string, Route>> {
    return (await this.call<{ routes: Record<string, Route> }>('GET', '/v1/routes'))?.routes ?? {};
  }

  urlFor(application: string, environment: Environment): string {
    return `http://127.0.0.1:${this.port}/${application}/${environment}`;
  }

  previewUrlFor(application: string, environment: Environment): string {
    return `http://127.0.0.1:${this.port}/_preview/${application}/${environment}`;
  }

  /** A router that is gone has nothing in flight: that resolves too. */
  async drained(targets: readonly string[], timeoutMs: number): Promise<void> {
    if (targets.length === 0) return;
    const body = { targets, timeout_ms: timeoutMs };
    await controlCall(this.socket, 'POST', '/v1/drain', { body, timeoutMs: timeoutMs + 5_000 }).catch((error: Error) => {
      if (!(error instanceof RouterUnreachable)) throw error;
    });
  }

  async stats(query: RouterStatsQuery): Promise<RouterStatsAnswer> {
    const params = new URLSearchParams({ app: query.application, env: query.environment, since: String(query.sinceMs), until: String(query.untilMs) });
    if (query.release !== undefined) params.set('release', query.release);
    return (await this.call<RouterStatsAnswer>('GET', `/v1/stats?${params}`)) as RouterStatsAnswer;
  }

  private get socket(): string {
    return routerPaths(this.options.dataDir).socket;
  }

  /** One control call; when the router is gone, it is started again (same port) and the call made once more. */
  private async call<T>(method: 'GET' | 'PUT' | 'POST', path: string, options: { body?: unknown; missingIsUndefined?: boolean } = {}): Promise<T | undefined> {
    try {
      return await controlCall<T>(this.socket, method, path, options);
    } catch (error) {
      if (!(error instanceof RouterUnreachable)) throw error;
      await this.revive();
      return controlCall<T>(this.socket, method, path, options);
    }
  }

  private revive(): Promise<void> {
    this.reviving ??= ensureRouter(this.options.dataDir, { ...this.options, port: this.status.port })
      .then((found) => void (this.status = found.status))
      .finally(() => (this.reviving = undefined));
    return this.reviving;
  }
}
