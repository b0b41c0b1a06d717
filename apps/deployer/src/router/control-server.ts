import { chmodSync } from 'node:fs';
import http from 'node:http';
import type { ZodType } from 'zod';
import type { Route } from '../use-cases/weighted-router.port';
import { DrainRequestSchema, NAME, RouteSchema } from './route-schema';
import { saveRoutes } from './router-files';
import { parseStatsQuery, type RouterServer } from './router-server';

// The router's control API, HTTP/1.1 on a unix socket only the deployer's user can reach (the
// directory is 700, the socket 600). JSON in and out; every error is `{ "error": "…" }`.
//
//   GET  /v1/status                  → { pid, port, started_at, start_ticks? }
//   GET  /v1/routes                  → { routes: { "<app>/<env>": Route } }
//   GET  /v1/routes/<app>/<env>      → { route: Route } | 404
//   PUT  /v1/routes/<app>/<env>      Route → { route: Route }, once written to the routes file and served
//   POST /v1/drain                   { targets: ["host:port"], timeout_ms } → { drained: boolean }
//   GET  /v1/stats?app=&env=&release=&since=&until=   → as GET /_jetway/stats on the router's port

/** What the control API says about the router process. */
export interface RouterStatus {
  readonly pid: number;
  readonly port: number;
  readonly started_at: string;
  readonly start_ticks?: string;
}

export interface ControlOptions {
  readonly router: RouterServer;
  readonly routesFile: string;
  readonly status: RouterStatus;
  readonly log: (message: string, fields?: Record<string, unknown>) => void;
}

const MAX_BODY_BYTES = 1024 * 1024;

export class ControlServer {
  private readonly server: http.Server;
  /** Route writes one after another, so the file always ends with the last route set. */
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(private readonly options: ControlOptions) {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: Error) => answer(res, 500, { error: error.message }));
    });
  }

  /** Listens on `socket`, readable and writable by this user only. */
  static async listen(socket: string, options: ControlOptions): Promise<ControlServer> {
    const control = new ControlServer(options);
    await new Promise<void>((resolve, reject) => {
      control.server.once('error', reject);
      control.server.listen(socket, () => resolve());
    });
    chmodSync(socket, 0o600);
    return control;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://router');
    const { router } = this.options;
    const routeMatch = /^\/v1\/routes\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && url.pathname === '/v1/status') return answer(res, 200, this.options.status);
    if (req.method === 'GET' && url.pathname === '/v1/routes') return answer(res, 200, { routes: router.routes() });
    if (routeMatch) {
      const [, application = '', environment = ''] = routeMatch;
      if (!NAME.test(application) || !NAME.test(environment)) return answer(res, 400, { error: 'application and environment: lower-case letters, digits and dashes' });
      if (req.method === 'GET') {
        const route = router.route(application, environment);
        return route ? answer(res, 200, { route }) : answer(res, 404, { error: `no route for ${application}/${environment}` });
      }
      if (req.method === 'PUT') return this.putRoute(req, res, application, environment);
    }
    if (req.method === 'POST' && url.pathname === '/v1/drain') {
      const body = await readJson(req, DrainRequestSchema);
      if ('error' in body) return answer(res, 400, body);
      return answer(res, 200, { drained: await router.drained(body.value.targets, body.value.timeout_ms) });
    }
    if (req.method === 'GET' && url.pathname === '/v1/stats') {
      const query = parseStatsQuery(url.searchParams, Date.now());
      if ('error' in query) return answer(res, 400, query);
      return answer(res, 200, { application: query.application, environment: query.environment, since_ms: query.sinceMs, until_ms: query.untilMs, releases: router.stats(query) });
    }
    answer(res, 404, { error: `no such control call: ${req.method} ${url.pathname}` });
  }

  /** Written to the routes file first, then served: a route the deployer was told is set survives a router restart. */
  private async putRoute(req: http.IncomingMessage, res: http.ServerResponse, application: string, environment: string): Promise<void> {
    const body = await readJson(req, RouteSchema);
    if ('error' in body) return answer(res, 400, body);
    const route: Route = body.value;
    const { router, routesFile } = this.options;
    const write = this.writing.then(() => {
      saveRoutes(routesFile, { ...router.routes(), [`${application}/${environment}`]: route });
      router.setRoute(application, environment, route);
    });
    this.writing = write.catch(() => undefined);
    await write;
    this.options.log(`route of ${application}/${environment} set`, { application, environment, route: describe(route) });
    answer(res, 200, { route });
  }
}

/** A route in one line for the log: how many backends of which release in each set. */
function describe(route: Route): string {
  const set = (backends: readonly { release: string }[]) => `${backends.length}×${[...new Set(backends.map((b) => b.release.slice(0, 19)))].join('+') || '-'}`;
  const parts = [`stable ${set(route.stable)}`];
  if (route.canary) parts.push(`canary ${set(route.canary.backends)} at ${route.canary.weight}%`);
  if (route.preview) parts.push(`preview ${set(route.preview)}`);
  return parts.join(', ');
}

async function readJson<T>(req: http.IncomingMessage, schema: ZodType<T>): Promise<{ value: T } | { error: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return { error: `body larger than ${MAX_BODY_BYTES} bytes` };
    chunks.push(chunk);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return { error: 'body is not JSON' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') };
  return { value: parsed.data };
}

function answer(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
