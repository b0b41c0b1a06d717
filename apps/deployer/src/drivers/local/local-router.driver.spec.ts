import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@jetway/testing';
import { LocalRouter } from './local-router.driver';

/** A backend that echoes its name and the path it received. */
async function backend(name: string): Promise<{ target: string; server: http.Server }> {
  const server = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ name, url: req.url, prefix: req.headers['x-forwarded-prefix'] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { target: `127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function get(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { headers: { connection: 'close' } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('LocalRouter', () => {
  let router: LocalRouter;
  const servers: http.Server[] = [];

  beforeEach(async () => {
    router = await LocalRouter.start({ port: 0 });
  });
  afterEach(async () => {
    await router.close();
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  async function backends(...names: string[]): Promise<string[]> {
    const started = await Promise.all(names.map(backend));
    servers.push(...started.map((b) => b.server));
    return started.map((b) => b.target);
  }

  it('gives a stable URL per (app, env) on its own port', () => {
    expect(router.port).toBeGreaterThan(0);
    expect(router.urlFor('hello', 'staging')).toBe(`http://127.0.0.1:${router.port}/hello/staging`);
  });

  it('strips /<app>/<env> and forwards the rest and the query, round-robin', async () => {
    router.setBackends('hello', 'staging', await backends('a', 'b'));
    const url = router.urlFor('hello', 'staging');
    const answers = [await get(`${url}/x/y?z=1`), await get(`${url}/x/y?z=1`), await get(url)];
    expect(answers.map((a) => a.body.name)).toEqual(['a', 'b', 'a']);
    expect(answers[0]?.body).toMatchObject({ url: '/x/y?z=1', prefix: '/hello/staging' });
    expect(answers[2]?.body.url).toBe('/');
  });

  it('answers 503 with a JSON error when (app, env) has no backend', async () => {
    const res = await get(router.urlFor('nobody', 'production'));
    expect(res).toEqual({ status: 503, body: { error: 'no backend for nobody/production' } });
    router.setBackends('hello', 'staging', []);
    expect((await get(`${router.urlFor('hello', 'staging')}/health`)).status).toBe(503);
  });

  it('swaps backends atomically: every later request goes to the new set', async () => {
    const [a, b] = await backends('old', 'new');
    router.setBackends('hello', 'staging', [a ?? '']);
    expect((await get(router.urlFor('hello', 'staging'))).body.name).toBe('old');
    router.setBackends('hello', 'staging', [b ?? '']);
    const names = await Promise.all([1, 2, 3].map(async () => (await get(router.urlFor('hello', 'staging'))).body.name));
    expect(names).toEqual(['new', 'new', 'new']);
    expect(router.backends('hello', 'staging')).toEqual([b]);
  });

  it('keeps environments apart', async () => {
    const [a, b] = await backends('staging', 'production');
    router.setBackends('hello', 'staging', [a ?? '']);
    router.setBackends('hello', 'production', [b ?? '']);
    expect((await get(router.urlFor('hello', 'production'))).body.name).toBe('production');
  });

  it('answers 502 naming the backend when it is down, 404 for a path without app and env', async () => {
    router.setBackends('hello', 'staging', ['127.0.0.1:1']);
    const down = await get(router.urlFor('hello', 'staging'));
    expect(down.status).toBe(502);
    expect(down.body.error).toMatch(/backend 127\.0\.0\.1:1 failed/);
    expect((await get(`http://127.0.0.1:${router.port}/`)).status).toBe(404);
  });

  it('tries a bodiless GET again on another backend when one refuses the connection', async () => {
    const [a] = await backends('a');
    router.setBackends('hello', 'staging', ['127.0.0.1:1', a ?? '']);
    const answers = await Promise.all([1, 2, 3, 4].map(() => get(`${router.urlFor('hello', 'staging')}/x`)));
    expect(answers.map((r) => [r.status, r.body.name])).toEqual(Array(4).fill([200, 'a']));
  });

  it('does not send a request with a body twice: a refused POST answers 502', async () => {
    const [a] = await backends('a');
    router.setBackends('hello', 'staging', ['127.0.0.1:1', a ?? '']);
    const res = await fetch(router.urlFor('hello', 'staging'), { method: 'POST', body: 'order=1', headers: { connection: 'close' } });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: string }).error).toMatch(/backend 127\.0\.0\.1:1 failed: connect ECONNREFUSED/);
  });

  it('drained() waits for the requests in flight to a backend, and only those', async () => {
    let answer: () => void = () => undefined;
    const slow = http.createServer((_req, res) => (answer = () => res.end('done')));
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', () => resolve()));
    servers.push(slow);
    const target = `127.0.0.1:${(slow.address() as AddressInfo).port}`;
    const [other] = await backends('other');
    router.setBackends('hello', 'staging', [target]);
    const pending = fetch(router.urlFor('hello', 'staging'), { headers: { connection: 'close' } });
    await waitFor(() => router.inFlightTo(target) === 1);

    let drained = false;
    const draining = router.drained([target], 10_000).then(() => (drained = true));
    await router.drained([other ?? ''], 10_000); // another backend has nothing in flight
    expect(drained).toBe(false); // had it resolved at once, its callback would have run by now
    answer();
    expect(await (await pending).text()).toBe('done');
    await draining;
    expect(router.inFlightTo(target)).toBe(0);
  });

  it('drained() gives up after its timeout, and a client that leaves does not hold a backend', async () => {
    const hanging = http.createServer(() => undefined); // never answers
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', () => resolve()));
    servers.push(hanging);
    const target = `127.0.0.1:${(hanging.address() as AddressInfo).port}`;
    router.setBackends('hello', 'staging', [target]);
    const client = new AbortController();
    const pending = fetch(router.urlFor('hello', 'staging'), { signal: client.signal }).catch(() => 'aborted');
    await waitFor(() => router.inFlightTo(target) === 1);
    const started = Date.now();
    await router.drained([target], 150);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    client.abort();
    expect(await pending).toBe('aborted');
    await waitFor(() => router.inFlightTo(target) === 0, { timeoutMs: 2_000 });
    hanging.closeAllConnections();
  });
});
