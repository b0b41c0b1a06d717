import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@jetway/testing';
import { routerPaths } from '../../router/router-files';
import { isRunning } from '../../router/router-process';
import { RouterRefused } from './control-client';
import { ProcessRouter } from './process-router.driver';
import { defaultRouterCommand, stopRouter } from './router-launch';

// The router as its own process (started from TypeScript here, as the deployer's driver does in
// tests), driven through its control socket: weighted splitting, the preview URL, per-release
// metrics, persistence across a router restart, adoption by a second driver.

/** A backend that answers its name and counts the requests it got. */
async function backend(name: string, status = 200): Promise<{ target: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits += 1;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ name }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const target = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { target, hits: () => hits, close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
/** A GET through one kept-alive connection (as a load generator does), answering status and body. */
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('ProcessRouter: the router process (int)', () => {
  let dir: string;
  let router: ProcessRouter;
  const backends: Awaited<ReturnType<typeof backend>>[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jetway-router-int-'));
    router = await ProcessRouter.start({ dataDir: dir, port: 0 });
  });

  afterAll(async () => {
    agent.destroy();
    await stopRouter(dir);
    await Promise.all(backends.map((b) => b.close()));
    await rm(dir, { recursive: true, force: true });
  });

  async function started(name: string, status = 200) {
    const b = await backend(name, status);
    backends.push(b);
    return b;
  }

  it('runs detached in its own process group, with a control socket only its user can reach', async () => {
    expect(router.adopted).toBe(false);
    expect(router.port).toBeGreaterThan(0);
    const paths = routerPaths(dir);
    expect(statSync(paths.dir).mode & 0o777).toBe(0o700);
    expect(statSync(paths.socket).mode & 0o777).toBe(0o600);
    const pgid = readFileSync(`/proc/${router.pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[2];
    expect(Number(pgid)).toBe(router.pid);
    expect(router.urlFor('hello', 'staging')).toBe(`http://127.0.0.1:${router.port}/hello/staging`);
    expect(router.previewUrlFor('hello', 'staging')).toBe(`http://127.0.0.1:${router.port}/_preview/hello/staging`);
  });

  it('splits 1,000 requests at weight 25 exactly 750 / 250, and keeps the preview set to the preview URL', async () => {
    const [stable, canary, preview] = [await started('stable'), await started('canary'), await started('preview')];
    await router.setRoute('hello', 'staging', {
      stable: [{ target: stable.target, release: 'r1' }],
      canary: { backends: [{ target: canary.target, release: 'r2' }], weight: 25 },
      preview: [{ target: preview.target, release: 'r3' }],
    });
    const since = Date.now();
    for (let n = 0; n < 1_000; n += 1) expect((await get(`${router.urlFor('hello', 'staging')}/`)).status).toBe(200);
    expect([stable.hits(), canary.hits(), preview.hits()]).toEqual([750, 250, 0]);

    for (let n = 0; n < 20; n += 1) expect(JSON.parse((await get(`${router.previewUrlFor('hello', 'staging')}/x`)).body)).toEqual({ name: 'preview' });
    expect([stable.hits(), canary.hits(), preview.hits()]).toEqual([750, 250, 20]);

    // A request is counted when its response closes, which may be just after the client read it.
    const read = () => router.stats({ application: 'hello', environment: 'staging', sinceMs: since, untilMs: Date.now() + 1 });
    const counted = (s: Awaited<ReturnType<typeof read>>) => s.releases.reduce((sum, r) => sum + r.requests, 0) === 1_020;
    const stats = await waitFor(async () => { const s = await read(); return counted(s) ? s : undefined; }, { timeoutMs: 5_000, message: 'the router to count all 1,020 requests' });
    expect(stats.releases.map((r) => [r.release, r.requests, r.errors])).toEqual([['r1', 750, 0], ['r2', 250, 0], ['r3', 20, 0]]);
    expect(stats.releases[0]?.latency_p99_ms).toBeGreaterThan(0);
    expect(stats.releases[0]?.latencies_ms).toHaveLength(750);
  });

  it('counts errors per release, on /metrics and in the stats', async () => {
    const [ok, failing] = [await started('ok'), await started('failing', 503)];
    await router.setRoute('shop', 'production', {
      stable: [{ target: ok.target, release: 'good' }],
      canary: { backends: [{ target: failing.target, release: 'bad' }], weight: 10 },
    });
    const since = Date.now();
    for (let n = 0; n < 100; n += 1) await get(`${router.urlFor('shop', 'production')}/`);
    const [bad] = (await router.stats({ application: 'shop', environment: 'production', release: 'bad', sinceMs: since, untilMs: Date.now() + 1 })).releases;
    expect(bad).toMatchObject({ release: 'bad', requests: 10, errors: 10, complete: true });
    const metrics = (await get(`http://127.0.0.1:${router.port}/metrics`)).body;
    expect(metrics).toContain('jetway_router_requests_total{app="shop",env="production",release="bad",code="503"} 10');
    expect(metrics).toContain('jetway_router_requests_total{app="shop",env="production",release="good",code="200"} 90');
    const publicStats = JSON.parse((await get(`http://127.0.0.1:${router.port}/_jetway/stats?app=shop&env=production&release=good&since=${since}`)).body);
    expect(publicStats.releases[0]).toMatchObject({ release: 'good', requests: 90, errors: 0 });
  });

  it('refuses a malformed route, changing nothing', async () => {
    const before = await router.route('hello', 'staging');
    const bad = { stable: [{ target: 'not a target', release: '' }], canary: { backends: [], weight: 150 } };
    await expect(router.setRoute('hello', 'staging', bad as never)).rejects.toThrow(RouterRefused);
    await expect(router.setRoute('hello', 'staging', bad as never)).rejects.toThrow(/stable\.0\.target: must be host:port.*canary\.weight/);
    expect(await router.route('hello', 'staging')).toEqual(before);
    expect(await router.route('nobody', 'staging')).toBeUndefined();
  });

  it('drained() waits over the control socket for the requests in flight to a backend', async () => {
    let answer: (() => void) | undefined;
    const slow = http.createServer((_req, res) => (answer = () => res.end('done')));
    await new Promise<void>((ready) => slow.listen(0, '127.0.0.1', () => ready()));
    const target = `127.0.0.1:${(slow.address() as AddressInfo).port}`;
    try {
      await router.setRoute('slow', 'staging', { stable: [{ target, release: 'r1' }] });
      const pending = fetch(`${router.urlFor('slow', 'staging')}/`, { headers: { connection: 'close' } }).then((r) => r.text());
      const respond = await waitFor(() => answer, { message: 'the request to reach the backend' });
      let drained = false;
      const draining = router.drained([target], 10_000).then(() => (drained = true));
      await router.drained(['127.0.0.1:1'], 10_000); // nothing in flight there: at once
      expect(drained).toBe(false);
      respond();
      expect(await pending).toBe('done');
      await draining;
      expect(drained).toBe(true);
    } finally {
      slow.closeAllConnections();
      slow.close();
    }
  });

  it('a second driver adopts the running router; a second router process refuses the directory', async () => {
    const second = await ProcessRouter.start({ dataDir: dir, port: 0 });
    expect([second.adopted, second.pid, second.port]).toEqual([true, router.pid, router.port]);
    const { args, cwd } = defaultRouterCommand();
    const env = { PATH: process.env['PATH'], JETWAY_DEPLOYER_DATA_DIR: dir, JETWAY_ROUTER_PORT: '0' };
    const refused = spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8', timeout: 30_000 });
    expect(refused.status).toBe(3);
    expect(refused.stdout).toContain(`a router already runs for this data directory (pid ${router.pid}`);
  });

  it('after a SIGKILL, a router started again serves the persisted routes at once, on the same port', async () => {
    const only = await started('only');
    await router.setRoute('persist', 'staging', { stable: [{ target: only.target, release: 'r1' }] });
    const routesFile = JSON.parse(readFileSync(routerPaths(dir).routes, 'utf8'));
    expect(routesFile.routes['persist/staging']).toEqual({ stable: [{ target: only.target, release: 'r1' }] });
    const killed = { pid: router.pid, started_at: '', port: router.port };
    process.kill(router.pid, 'SIGKILL');
    await waitFor(() => !isRunning(killed), { message: 'the router to be gone' });
    await expect(get(`${router.urlFor('persist', 'staging')}/`)).rejects.toThrow(/ECONNREFUSED|ECONNRESET|socket hang up/);

    // The driver's next call finds no router, starts one on the same port: it knew the route before it was told.
    expect(await router.route('persist', 'staging')).toEqual({ stable: [{ target: only.target, release: 'r1' }] });
    expect(router.pid).not.toBe(killed.pid);
    expect(router.port).toBe(killed.port);
    expect(JSON.parse((await get(`${router.urlFor('persist', 'staging')}/`)).body)).toEqual({ name: 'only' });
    expect(readFileSync(routerPaths(dir).log, 'utf8')).toMatch(/taking over the router record of a router that is gone/);
  });

  it('stops on SIGTERM, removing its record and socket', async () => {
    const pid = await stopRouter(dir);
    expect(pid).toBe(router.pid);
    const paths = routerPaths(dir);
    expect([existsSync(paths.record), existsSync(paths.socket), existsSync(paths.routes)]).toEqual([false, false, true]);
    expect(await stopRouter(dir)).toBeUndefined();
  });
});
