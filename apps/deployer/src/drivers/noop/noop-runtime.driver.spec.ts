import { httpGetStatus } from '../local';
import { NoopRuntime } from './noop-runtime.driver';

describe('NoopRuntime', () => {
  const runtime = new NoopRuntime();
  afterAll(() => runtime.close());

  it('starts bookkeeping-only instances that answer 200, and forgets them on stop', async () => {
    const ref = { application: 'bench', environment: 'staging' as const, digest: `sha256:${'a'.repeat(64)}` };
    await runtime.install(ref);
    const instances = await runtime.start(ref, { command: 'true', port_env: 'PORT', env: {} }, 2);
    expect(await runtime.isInstalled(ref)).toBe(true);
    expect(new Set(instances.map((i) => i.id)).size).toBe(2);
    expect(await httpGetStatus(`${instances[0]?.baseUrl}/health`, 1_000)).toBe(200);
    const metrics = await fetch(`${instances[0]?.baseUrl}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    // What the monitor step requires (README: the metric contract): a counter with `code`, a histogram with +Inf.
    expect(await metrics.text()).toMatch(/# TYPE http_requests_total counter\nhttp_requests_total\{code="200"\} 0\n# TYPE http_request_duration_seconds histogram\nhttp_request_duration_seconds_bucket\{le="\+Inf"\} 0/);
    expect(runtime.running('bench', 'staging')).toEqual(instances);
    await runtime.stop(instances);
    expect(runtime.instances()).toEqual([]);
  });
});
