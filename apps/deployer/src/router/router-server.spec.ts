import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@jetway/testing';
import { parseStatsQuery, RouterServer, type StatsAnswer } from './router-server';

/** A backend that echoes its name and the path it received; `status` answers with that code. */
async function backend(name: string, status = 200): Promise<{ target: string; server: http.Server }> {
  const server = http.createServer((req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ name, url: req.url, prefix: req.headers['x-forwarded-prefix'] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { target: `127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function get(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { headers: { connection: 'close' } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('RouterServer', () => {
  let router: RouterServer;
  let base: string;
  const servers: http.Server[] = [];

  beforeEach(async () => {
    router = await RouterServer.start({ port: 0 });
    base = `http://127.0.0.1:${router.port}`;
  });
  afterEach(async () => {
    await router.close();
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  async function backends(...names: string[]): Promise<string[]> {
    const started = await Promise.all(names.map((n) => backend(n)));
    servers.push(...started.map((b) => b.server));
    return started.map((b) => b.target);
  }
  const stable = (targets: string[], release = 'r1') => ({ stable: targets.map((target) => ({ target, release })) });

  it('strips /<app>/<env> and forwards the rest and the query, round-robin', async () => {
    router.setRoute('hello', 'staging', stable(await backends('a', 'b')));
    const answers = [await get(`${base}/hello/staging/x/y?z=1`), await get(`${base}/hello/staging/x/y?z=1`), await get(`${base}/hello/staging`)];
    expect(answers.map((a) => a.body.name)).toEqual(['a', 'b', 'a']);
    expect(answers[0]?.body).toMatchObject({ url: '/x/y?z=1', prefix: '/hello/staging' });
    expect(answers[2]?.body.url).toBe('/');
  });

  it('answers 503 with a JSON error without a backend, 404 for a path without app and env', async () => {
    expect(await get(`${base}/nobody/production`)).toEqual({ status: 503, body: { error: 'no backend for nobody/production' } });
    router.setRoute('hello', 'staging', { stable: [] });
    expect((await get(`${base}/hello/staging/health`)).status).toBe(503);
    expect(await get(`${base}/_preview/hello/staging/`)).toEqual({ status: 503, body: { error: 'no preview backend for hello/staging' } });
    expect((await get(`${base}/`)).status).toBe(404);
  });

  it('sends the canary its weight of the stable URL, and the preview set only the preview URL', async () => {
    const [s, c, p] = await backends('stable', 'canary', 'preview');
    router.setRoute('hello', 'staging', {
      stable: [{ target: s ?? '', release: 'r1' }],
      canary: { backends: [{ target: c ?? '', release: 'r2' }], weight: 20 },
      preview: [{ target: p ?? '', release: 'r3' }],
    });
    const names = [];
    for (let n = 0; n < 50; n += 1) names.push((await get(`${base}/hello/staging/`)).body.name);
    expect(names.filter((n) => n === 'canary')).toHaveLength(10);
    expect(names).not.toContain('preview');
    const previewed = await get(`${base}/_preview/hello/staging/x?q=1`);
    expect(previewed.body).toEqual({ name: 'preview', url: '/x?q=1', prefix: '/_preview/hello/staging' });
  });

  it('names the release that gave each answer (x-jetway-release), over whatever the backend itself says', async () => {
    const [s, c] = await backends('stable', 'canary');
    const forger = http.createServer((_req, res) => res.writeHead(200, { 'x-jetway-release': 'r1' }).end('{"name":"forger"}'));
    await new Promise<void>((resolve) => forger.listen(0, '127.0.0.1', () => resolve()));
    servers.push(forger);
    router.setRoute('hello', 'staging', {
      stable: [{ target: s ?? '', release: 'r1' }],
      canary: { backends: [{ target: c ?? '', release: 'r2' }], weight: 50 },
      preview: [{ target: `127.0.0.1:${(forger.address() as AddressInfo).port}`, release: 'r3' }],
    });
    const named = [];
    for (let n = 0; n < 4; n += 1) {
      const res = await fetch(`${base}/hello/staging/`, { headers: { connection: 'close' } });
      named.push([((await res.json()) as { name: string }).name, res.headers.get('x-jetway-release')]);
    }
    expect(named.sort()).toEqual([['canary', 'r2'], ['canary', 'r2'], ['stable', 'r1'], ['stable', 'r1']]);
    expect((await fetch(`${base}/_preview/hello/staging/`, { headers: { connection: 'close' } })).headers.get('x-jetway-release')).toBe('r3');
    const unrouted = await fetch(`${base}/nobody/staging/`, { headers: { connection: 'close' } });
    expect([unrouted.status, unrouted.headers.get('x-jetway-release')]).toEqual([503, null]);
  });

  it('counts what each release served, errors included, on /metrics and in windowed stats', async () => {
    const ok = await backend('ok');
    const failing = await backend('failing', 500);
    servers.push(ok.server, failing.server);
    const since = Date.now();
    router.setRoute('hello', 'staging', { stable: [{ target: ok.target, release: 'r1' }], canary: { backends: [{ target: failing.target, release: 'r2' }], weight: 50 } });
    for (let n = 0; n < 10; n += 1) await fetch(`${base}/hello/staging/`, { headers: { connection: 'close' } }).then((r) => r.text());
    const stats = (await get(`${base}/_jetway/stats?app=hello&env=staging&since=${since}`)).body as unknown as StatsAnswer;
    expect(stats.releases.map((r) => [r.release, r.requests, r.errors])).toEqual([['r1', 5, 0], ['r2', 5, 5]]);
    expect(stats.releases[0]?.latency_p99_ms).toBeGreaterThan(0);
    expect(stats.releases[0]?.latencies_ms).toHaveLength(5);
    const one = (await get(`${base}/_jetway/stats?app=hello&env=staging&release=r2&since=${since}`)).body as unknown as StatsAnswer;
    expect(one.releases).toHaveLength(1);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('jetway_router_requests_total{app="hello",env="staging",release="r2",code="500"} 5');
    expect((await get(`${base}/_jetway/stats?env=staging`)).status).toBe(400);
  });

  it('tries a bodiless GET again on another backend of the set when one refuses, and counts the retry', async () => {
    const [a] = await backends('a');
    router.setRoute('hello', 'staging', { stable: [{ target: '127.0.0.1:1', release: 'r1' }, { target: a ?? '', release: 'r1' }] });
    const answers = await Promise.all([1, 2, 3, 4].map(() => get(`${base}/hello/staging/x`)));
    expect(answers.map((r) => [r.status, r.body.name])).toEqual(Array(4).fill([200, 'a']));
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/jetway_router_retries_total\{app="hello",env="staging",release="r1"\} [1-4]\n/);
  });

  it('does not send a request with a body twice: a refused POST answers 502, counted as an error', async () => {
    const [a] = await backends('a');
    router.setRoute('hello', 'staging', { stable: [{ target: '127.0.0.1:1', release: 'r1' }, { target: a ?? '', release: 'r1' }] });
    const res = await fetch(`${base}/hello/staging`, { method: 'POST', body: 'order=1', headers: { connection: 'close' } });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: string }).error).toMatch(/backend 127\.0\.0\.1:1 failed: connect ECONNREFUSED/);
    const [window] = router.stats({ application: 'hello', environment: 'staging', release: 'r1', sinceMs: 0, untilMs: Date.now() + 1 });
    expect(window).toMatchObject({ requests: 1, errors: 1 });
  });

  it('drained() waits for the requests in flight to a backend, and only those', async () => {
    let answer: () => void = () => undefined;
    const slow = http.createServer((_req, res) => (answer = () => res.end('done')));
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', () => resolve()));
    servers.push(slow);
    const target = `127.0.0.1:${(slow.address() as AddressInfo).port}`;
    const [other] = await backends('other');
    router.setRoute('hello', 'staging', stable([target]));
    const pending = fetch(`${base}/hello/staging`, { headers: { connection: 'close' } });
    await waitFor(() => router.inFlightTo(target) === 1);
    let drained = false;
    const draining = router.drained([target], 10_000).then((done) => (drained = done));
    expect(await router.drained([other ?? ''], 10_000)).toBe(true);
    expect(drained).toBe(false);
    answer();
    expect(await (await pending).text()).toBe('done');
    await draining;
    expect(drained).toBe(true);
  });

  it('drained() gives up after its timeout, and a client that leaves does not hold a backend', async () => {
    const hanging = http.createServer(() => undefined); // never answers
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', () => resolve()));
    servers.push(hanging);
    const target = `127.0.0.1:${(hanging.address() as AddressInfo).port}`;
    router.setRoute('hello', 'staging', stable([target]));
    const client = new AbortController();
    const pending = fetch(`${base}/hello/staging`, { signal: client.signal }).catch(() => 'aborted');
    await waitFor(() => router.inFlightTo(target) === 1);
    expect(await router.drained([target], 150)).toBe(false);
    client.abort();
    expect(await pending).toBe('aborted');
    await waitFor(() => router.inFlightTo(target) === 0, { timeoutMs: 2_000 });
    hanging.closeAllConnections();
  });

  it('answers 504 when a backend takes longer than the upstream bound', async () => {
    const hanging = http.createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', () => resolve()));
    servers.push(hanging);
    const bounded = await RouterServer.start({ port: 0, upstreamTimeoutMs: 100 });
    try {
      bounded.setRoute('hello', 'staging', stable([`127.0.0.1:${(hanging.address() as AddressInfo).port}`]));
      const res = await get(`http://127.0.0.1:${bounded.port}/hello/staging/`);
      expect(res).toMatchObject({ status: 504, body: { error: expect.stringMatching(/timed out/) } });
    } finally {
      await bounded.close();
      hanging.closeAllConnections();
    }
  });
});

describe('parseStatsQuery', () => {
  it('defaults to the last minute, and refuses bad numbers', () => {
    expect(parseStatsQuery(new URLSearchParams('app=a&env=staging'), 100_000)).toEqual({ application: 'a', environment: 'staging', sinceMs: 40_000, untilMs: 100_000 });
    expect(parseStatsQuery(new URLSearchParams('app=a&env=b&release=r&since=5&until=9'), 0)).toEqual({ application: 'a', environment: 'b', release: 'r', sinceMs: 5, untilMs: 9 });
    expect(parseStatsQuery(new URLSearchParams('app=a&env=b&since=x'), 0)).toHaveProperty('error');
    expect(parseStatsQuery(new URLSearchParams('app=a&env=b&since=10&until=5'), 0)).toHaveProperty('error');
  });
});
