import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Subscription } from 'nats';
import { ulid } from 'ulid';
import { artifactObjectName, MonitoringValidateFinished } from '@jetway/contracts';
import { ArtifactObjects, EventPublisher, type ServiceHandle } from '@jetway/messaging';
import { startNats, waitFor, type NatsFixture } from '@jetway/testing';
import { loadMonitorConfiguratorConfig, startMonitorConfigurator } from '../index';
import { packBundle } from './bundle';
import { BUNDLE_LAYOUT, type BundleFile } from './bundle.types';
import { bundleGenerators } from './generators';
import { SAMPLE_URLS, sampleInput } from './generators/prometheus/sample-setup.testing';

type Finished = ReturnType<typeof MonitoringValidateFinished.parse>;

/** The generated bundle with one file changed by `edit`. */
function planted(path: string, edit: (content: string) => string): BundleFile[] {
  const files = bundleGenerators.generate(sampleInput(), SAMPLE_URLS).files;
  const target = files.find((f) => f.path === path);
  if (!target) throw new Error(`the bundle has no ${path}`);
  const changed = edit(target.content);
  if (changed === target.content) throw new Error(`planting into ${path} changed nothing`);
  return files.map((f) => (f === target ? { path, content: changed } : f));
}

/**
 * A planted defect fails the validate step of the running service, naming the check and the
 * file; the stack directory stays empty (apply runs only after validate succeeded: the plan's DAG).
 */
describe('monitor-configurator validate step, on a real nats-server (int)', () => {
  let nats: NatsFixture;
  let handle: ServiceHandle;
  let stackDir: string;
  let sub: Subscription;
  const finished: Finished[] = [];

  beforeAll(async () => {
    nats = await startNats();
    stackDir = await mkdtemp(join(tmpdir(), 'jetway-planted-'));
    handle = await startMonitorConfigurator({ ...loadMonitorConfiguratorConfig({}), JETWAY_NATS_URL: nats.url, JETWAY_STACK_DIR: stackDir, JETWAY_LOG_LEVEL: 'error' });
    sub = handle.mesh.nc.subscribe('jetway.step.monitoring-validate.finished.v1');
    void (async () => {
      for await (const msg of sub) finished.push(MonitoringValidateFinished.parse(msg.json()));
    })();
    await handle.mesh.nc.flush();
  });
  afterAll(async () => {
    sub?.unsubscribe();
    await handle?.stop();
    await nats?.stop();
    await rm(stackDir, { recursive: true, force: true });
  });

  async function validate(files: BundleFile[]): Promise<Finished> {
    const { digest, bytes } = packBundle(files);
    const objects = ArtifactObjects.of(handle.mesh);
    await objects.putBytes(artifactObjectName(digest), bytes);
    const runId = ulid();
    const trigger = { run_id: runId, step_id: 'validate', attempt: 1, name: 'shop', digest, monitoring_stack: 'prometheus_grafana' as const };
    await new EventPublisher(handle.mesh.js, 'test').publish('jetway.step.monitoring-validate.triggered.v1', trigger, { runId, stepId: 'validate', attempt: 1 });
    return waitFor(() => finished.find((f) => f.run_id === runId), { timeoutMs: 120_000, message: 'the validate step to finish' });
  }

  it.each([
    ['a rule with a bad expression', BUNDLE_LAYOUT.rules('api'), (c: string) => c.replace(/expr: (.*)\n/, 'expr: sum(rate(http_requests_total[5m]\n'), 'promtool check rules (prometheus/rules/api.yml)'],
    ['a route to an undefined receiver', BUNDLE_LAYOUT.alertmanagerConfig, (c: string) => c.replace(/receiver: (\S+)\n/, 'receiver: nobody-home\n'), 'amtool check-config (alertmanager/alertmanager.yml)'],
    ['a dashboard query that does not parse', 'grafana/dashboards/jw-red-shop-api.json', (c: string) => c.replace('"expr": "', '"expr": "sum by (code (('), 'grafana dashboard (grafana/dashboards/jw-red-shop-api.json)'],
  ])('%s fails validate naming the check and the file; nothing is applied', async (_what, path, edit, named) => {
    const event = await validate(planted(path, edit));
    expect(event.outcome).toBe('failed');
    expect(event.reason).toContain(named);
    expect(event.reason).toMatch(/^\d of \d+ check\(s\) failed; nothing was applied\./);
    expect(existsSync(join(stackDir, 'setups'))).toBe(false);
  }, 180_000);

  it('passes the same bundle unplanted', async () => {
    const event = await validate(bundleGenerators.generate(sampleInput(), SAMPLE_URLS).files);
    expect(event.outcome).toBe('succeeded');
    expect(event.outputs?.rule_tests_passed).toBeGreaterThan(0);
  }, 180_000);
});
