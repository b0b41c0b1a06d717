import type { Environment } from '@jetway/contracts';
import { RouterServer } from '../../router/router-server';
import type { Route, WeightedRouter } from '../../use-cases/weighted-router.port';
import type { RouterStats, RouterStatsAnswer, RouterStatsQuery } from './router-stats';

/**
 * The router inside the deployer's process, for the no-op platform (`JETWAY_DEPLOYER_RUNTIME=noop`),
 * whose instances live in the deployer too: nothing would outlive it, so no router process.
 * Same URLs, routing and metrics as the router process; routes are not persisted.
 */
export class InProcessRouter implements WeightedRouter, RouterStats {
  private constructor(private readonly server: RouterServer) {}

  static async start(port: number): Promise<InProcessRouter> {
    return new InProcessRouter(await RouterServer.start({ port }));
  }

  get port(): number {
    return this.server.port;
  }

  async setRoute(application: string, environment: Environment, route: Route): Promise<void> {
    this.server.setRoute(application, environment, route);
  }

  async route(application: string, environment: Environment): Promise<Route | undefined> {
    return this.server.route(application, environment);
  }

  urlFor(application: string, environment: Environment): string {
    return `http://127.0.0.1:${this.port}/${application}/${environment}`;
  }

  previewUrlFor(application: string, environment: Environment): string {
    return `http://127.0.0.1:${this.port}/_preview/${application}/${environment}`;
  }

  async drained(targets: readonly string[], timeoutMs: number): Promise<void> {
    await this.server.drained(targets, timeoutMs);
  }

  async stats(query: RouterStatsQuery): Promise<RouterStatsAnswer> {
    const { application, environment, sinceMs, untilMs } = query;
    return { application, environment, since_ms: sinceMs, until_ms: untilMs, releases: this.server.stats(query) };
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
