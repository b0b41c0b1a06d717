import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnalysisSpec, type SuccessCriteria } from '@jetway/contracts';
import { runAnalysis, systemClock, type AnalysisRequest } from '../../analysis';
import { ProcessRouter, stopRouter } from '../router';
import { RouterAnalysisProvider } from './router-analysis.driver';

// The router provider against the router process itself: requests really go through it to
// backends that fail or are slow as told, and the engine judges what the router measured.

/** A backend failing the first `failing` of every 10 requests with 500, answering after `delayMs`. */
async function backend(failing: number, delayMs = 0): Promise<{ target: string; close: () => Promise<void> }> {
  let n = 0;
  const server = http.createServer((_req, res) => {
    const status = n++ % 10 < failing ? 500 : 200;
    const answer = () => (res.writeHead(status), res.end(String(status)));
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { target: `127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

/** Clients sending requests back to back through `url` until stopped. */
function traffic(url: string, clients = 4): { stop: () => Promise<number> } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  let running = true;
  let sent = 0;
  const once = () => new Promise<void>((resolve) => http.get(url, { agent }, (res) => (res.resume(), res.on('end', resolve))).on('error', () => resolve()));
  const loops = Array.from({ length: clients }, async () => {
    while (running) {
      await once();
      sent += 1;
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      agent.destroy();
      return sent;
    },
  };
}

describe('RouterAnalysisProvider against the router process', () => {
  let dir: string;
  let router: ProcessRouter;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jetway-router-analysis-'));
    router = await ProcessRouter.start({ dataDir: dir, port: 0 });
    const [stable, failing, slow] = [await backend(0), await backend(3), await backend(0, 25)];
    closers.push(stable.close, failing.close, slow.close);
    await router.setRoute('shop', 'staging', { stable: [{ target: stable.target, release: 'v1' }], canary: { backends: [{ target: failing.target, release: 'v2' }], weight: 50 } });
    await router.setRoute('shop', 'production', { stable: [{ target: stable.target, release: 'v1' }], canary: { backends: [{ target: slow.target, release: 'v3' }], weight: 50 } });
  }, 60_000);

  afterAll(async () => {
    await stopRouter(dir);
    await Promise.all(closers.map((close) => close()));
    await rm(dir, { recursive: true, force: true });
  });

  const analyse = (environment: 'staging' | 'production', release: string, criteria: SuccessCriteria, spec: Partial<AnalysisSpec> = {}) => {
    const request: AnalysisRequest = {
      target: { application: 'shop', environment, release, baselineRelease: 'v1' },
      criteria,
      spec: AnalysisSpec.parse({ interval_seconds: 1, ...spec }),
      span: { count: 2 },
    };
    return runAnalysis(request, { provider: new RouterAnalysisProvider(router), clock: systemClock });
  };

  it('fails a canary answering 30 % of its requests with 500, as the router measured them, and passes the stable release', async () => {
    const load = traffic(router.urlFor('shop', 'staging'));
    try {
      const [canary, stable] = await Promise.all([analyse('staging', 'v2', { error_rate: 0.01 }), analyse('staging', 'v1', { error_rate: 0.01, latency_p99_ms: 300 })]);
      expect(canary.verdict).toBe('fail');
      const measured = canary.result.measurements[0];
      expect(measured?.value).toBeGreaterThan(0.25);
      expect(measured?.value).toBeLessThan(0.35);
      expect(canary.result.requests).toBeGreaterThanOrEqual(20);
      expect(canary.result.message).toMatch(/^analysis failed: 1 failed measurement > failure_limit 0 — last: error_rate (2[5-9]|3[0-4])(\.\d+)? % over [\d,]+ requests > 1 %$/);
      expect(stable.verdict).toBe('pass');
      expect(stable.tally).toMatchObject({ measured: 2, passed: 2 });
    } finally {
      await load.stop();
    }
  });

  it("fails a canary significantly slower than the stable release's baseline (Mann-Whitney U on the router's latencies)", async () => {
    const load = traffic(router.urlFor('shop', 'production'));
    try {
      const outcome = await analyse('production', 'v3', { latency_p99_ms: 1_000 }, { baseline: { enabled: true, alpha: 0.05 } });
      expect(outcome.verdict).toBe('fail');
      expect(outcome.result.baseline_p_value).toBeLessThan(0.001);
      expect(outcome.result.message).toContain("latency slower than the baseline: median 2");
      expect(outcome.result.measurements[0]).toMatchObject({ metric: 'latency_p99_ms', threshold: 1_000, passed: false });
    } finally {
      await load.stop();
    }
  });

  it('is inconclusive without traffic: never a pass', async () => {
    const outcome = await analyse('staging', 'v2', { error_rate: 0.01 });
    expect(outcome.verdict).toBe('inconclusive');
    expect(outcome.result.message).toBe(
      'analysis inconclusive, a person decides (promote or abort): 1 inconclusive measurement > inconclusive_limit 0 — last: 0 requests < min_requests 20: too few to judge',
    );
  });
});
