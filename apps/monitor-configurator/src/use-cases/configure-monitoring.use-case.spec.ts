import { parse } from 'yaml';
import { configureMonitoring } from './configure-monitoring.use-case';
import { MemoryConfigDir } from './monitoring.fakes';
import type { MonitoringInput } from './monitoring.types';

const release = (application: string, targets: string[]): MonitoringInput => ({
  application,
  environment: 'staging',
  targets,
  slo: { availability: 0.995, latency_p99_ms: 500 },
});

const jobsIn = (dir: MemoryConfigDir): string[] =>
  (parse(dir.files.get('prometheus.yml') ?? '') as { scrape_configs: Array<{ job_name: string }> }).scrape_configs.map((j) => j.job_name);

describe('configureMonitoring', () => {
  it('writes targets and rules before prometheus.yml and returns their paths', async () => {
    const dir = new MemoryConfigDir();
    const bundle = await configureMonitoring(release('hello', ['127.0.0.1:4001', '127.0.0.1:4002']), dir);
    expect(dir.writes).toEqual(['targets/hello-staging.json', 'rules/hello-staging.yml', 'prometheus.yml']);
    expect(bundle.files).toEqual(dir.writes.map((p) => `/config/${p}`));
    expect(JSON.parse(dir.files.get('targets/hello-staging.json') ?? '')).toEqual([
      { targets: ['127.0.0.1:4001', '127.0.0.1:4002'], labels: { app: 'hello', env: 'staging' } },
    ]);
  });

  it('keeps every app/env job in prometheus.yml as releases of other apps are configured', async () => {
    const dir = new MemoryConfigDir();
    await configureMonitoring(release('hello', ['127.0.0.1:4001']), dir);
    await configureMonitoring(release('web', ['127.0.0.1:5001']), dir);
    await configureMonitoring(release('hello', ['127.0.0.1:4003']), dir); // a new release of hello
    expect(jobsIn(dir)).toEqual(['hello-staging', 'web-staging']);
    expect(dir.files.get('targets/hello-staging.json')).toContain('127.0.0.1:4003');
  });

  it('does not lose a job when configurations run concurrently', async () => {
    const dir = new MemoryConfigDir();
    // a's listing misses b (whose targets write is slow) and answers last: without
    // serialisation, a's stale prometheus.yml would be the one left on disk.
    dir.writeDelays.push(0, 30);
    dir.listDelays.push(100);
    await Promise.all(['a', 'b', 'c', 'd'].map((app) => configureMonitoring(release(app, ['127.0.0.1:1']), dir)));
    expect(jobsIn(dir)).toEqual(['a-staging', 'b-staging', 'c-staging', 'd-staging']);
  });

  it('says whether the bundle changed', async () => {
    const dir = new MemoryConfigDir();
    expect((await configureMonitoring(release('hello', ['127.0.0.1:4001']), dir)).changed).toBe(true);
    const again = await configureMonitoring(release('hello', ['127.0.0.1:4001']), dir);
    expect(again.changed).toBe(false);
    expect(again.files).toEqual(['/config/targets/hello-staging.json', '/config/rules/hello-staging.yml', '/config/prometheus.yml']);
    expect((await configureMonitoring(release('hello', ['127.0.0.1:4002']), dir)).changed).toBe(true);
  });
});
