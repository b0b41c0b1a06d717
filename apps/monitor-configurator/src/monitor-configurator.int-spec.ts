import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Subscription } from 'nats';
import { ulid } from 'ulid';
import { parse } from 'yaml';
import { MonitorFinished, type MonitorTriggered } from '@jetway/contracts';
import { EventPublisher } from '@jetway/messaging';
import { freePort, startMonitoringStack, startNats, waitFor, type MonitoringStackFixture } from '@jetway/testing';
import { startStackProcesses, type StackProcesses } from './drivers/stack';
import { loadMonitorConfiguratorConfig, startMonitorConfigurator } from './index';

const PROMTOOL = '/usr/bin/promtool';
const HELLO_SERVICE = resolve(__dirname, '../../../examples/hello-service/server.js');
const run = promisify(execFile);

/** An app with no metrics endpoint: every path answers 404, as a framework's default router does. */
async function startAppWithoutMetrics(): Promise<{ target: string; close: () => Promise<void> }> {
  const server = createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { target: `127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** The example app, as the deployer runs it: it must meet the metric contract the step checks. */
async function startHello(): Promise<{ target: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [HELLO_SERVICE], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
  const target = `127.0.0.1:${port}`;
  await waitFor(() => fetch(`http://${target}/health`).then((r) => r.ok, () => false), { message: 'hello-service listening' });
  return { target, child };
}

/** A monitor-configurator on its own nats-server, and a way to run its monitor step. */
async function startConfigurator(env: Record<string, string>) {
  const nats = await startNats();
  const handle = await startMonitorConfigurator(loadMonitorConfiguratorConfig({ JETWAY_NATS_URL: nats.url, JETWAY_LOG_LEVEL: 'warn', ...env }));
  const finished: MonitorFinished[] = [];
  const sub: Subscription = handle.mesh.nc.subscribe('jetway.step.monitor.finished.v1');
  void (async () => {
    for await (const msg of sub) finished.push(MonitorFinished.parse(msg.json()));
  })();
  await handle.mesh.nc.flush();
  const monitor = async (application: string, environment: MonitorTriggered['environment'], targets: string[]): Promise<MonitorFinished> => {
    const runId = ulid();
    const trigger: MonitorTriggered = {
      run_id: runId,
      step_id: `monitor-${environment}`,
      attempt: 1,
      application,
      environment,
      release: { digest: `sha256:${'a'.repeat(64)}`, url: `http://127.0.0.1:8080/${application}/${environment}`, targets },
      slo: { availability: 0.995, latency_p99_ms: 300 },
    };
    await new EventPublisher(handle.mesh.js, 'test').publish('jetway.step.monitor.triggered.v1', trigger, { runId, stepId: trigger.step_id, attempt: 1 });
    return waitFor(() => finished.find((f) => f.run_id === runId), { timeoutMs: 90_000, message: `step.monitor.finished of ${application}` });
  };
  const stop = async () => {
    sub.unsubscribe();
    await handle.stop();
    await nats.stop();
  };
  return { monitor, stop };
}

interface PromRule {
  type: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

describe('the monitor step on a real stack (int)', () => {
  let stack: MonitoringStackFixture<StackProcesses>;
  let configurator: Awaited<ReturnType<typeof startConfigurator>>;
  let hello: Awaited<ReturnType<typeof startHello>>;
  let noMetrics: Awaited<ReturnType<typeof startAppWithoutMetrics>>;

  beforeAll(async () => {
    stack = await startMonitoringStack((launch) => startStackProcesses({ ...launch, scrapeInterval: '1s', evaluationInterval: '1s' }));
    [hello, noMetrics] = await Promise.all([startHello(), startAppWithoutMetrics()]);
    const { prometheus, alertmanager, blackbox } = stack.urls;
    configurator = await startConfigurator({ JETWAY_STACK_DIR: stack.stackDir, JETWAY_PROMETHEUS_URL: prometheus, JETWAY_ALERTMANAGER_URL: alertmanager, JETWAY_BLACKBOX_URL: blackbox, JETWAY_SETUP_VERIFY_SECONDS: '60' });
  }, 120_000);
  afterAll(async () => {
    await configurator?.stop();
    hello?.child.kill('SIGTERM');
    await noMetrics?.close();
    await stack?.stop();
  });

  it('applies the release as setup hello-staging with the setup generators: its target up, its rules loaded, every runbook URL answers', async () => {
    const event = await configurator.monitor('hello', 'staging', [hello.target]);
    expect(`${event.outcome} ${event.reason ?? ''}`).toBe('succeeded ');
    expect(event.outputs).toMatchObject({ setup: 'hello-staging', applied: true, targets_up: 1, targets_total: 1 });
    const counts = event.outputs?.counts;
    expect(event.outputs?.rules_loaded).toBe((counts?.recording_rules ?? 0) + (counts?.alerts ?? 0));
    expect(event.outputs?.files).toContain(join(stack.stackDir, 'setups/hello-staging/prometheus/rules/hello.yml'));

    const targets = (await (await fetch(`${stack.urls.prometheus}/api/v1/targets?state=active`)).json()) as { data: { activeTargets: Array<{ labels: Record<string, string>; health: string }> } };
    const ours = targets.data.activeTargets.filter((t) => t.labels['setup'] === 'hello-staging');
    expect(ours.map((t) => [t.labels['instance'], t.labels['service'], t.labels['tier'], t.labels['team'], t.health])).toEqual([[hello.target, 'hello', 'tier_3_standard', 'jetway', 'up']]);

    const rules = (await (await fetch(`${stack.urls.prometheus}/api/v1/rules`)).json()) as { data: { groups: Array<{ file: string; rules: PromRule[] }> } };
    const loaded = rules.data.groups.filter((g) => g.file.includes('/setups/hello-staging/')).flatMap((g) => g.rules);
    expect(loaded).toHaveLength(event.outputs?.rules_loaded ?? -1);
    const alerts = loaded.filter((r) => r.type === 'alerting');
    expect(alerts).toHaveLength(counts?.alerts ?? -1);
    const runbooks = [...new Set(alerts.map((a) => a.annotations?.['runbook_url'] ?? ''))];
    expect(runbooks.length).toBeGreaterThan(0);
    for (const url of runbooks) {
      const answer = await fetch(url);
      expect(`${answer.status} ${url}`).toBe(`200 ${url}`);
      expect(await answer.text()).toContain('hello');
    }
  }, 120_000);

  it('fails the step for a target whose /metrics answers 404, naming it and the contract; nothing reaches the stack', async () => {
    const event = await configurator.monitor('no-metrics', 'staging', [hello.target, noMetrics.target]);
    expect(event.outcome).toBe('failed');
    expect(event.reason).toContain(`metrics check failed for 1 of 2 target(s): ${noMetrics.target} answered GET /metrics with HTTP 404: "Not Found"`);
    expect(event.reason).toContain('http_requests_total (counter, label code = the HTTP status)');
    expect(existsSync(join(stack.stackDir, 'setups', 'no-metrics-staging'))).toBe(false);
    expect(readFileSync(join(stack.stackDir, 'prometheus/prometheus.yml'), 'utf8')).not.toContain('no-metrics-staging');
  });
});

describe('the monitor step without a stack (int)', () => {
  let stackDir: string;
  let configurator: Awaited<ReturnType<typeof startConfigurator>>;
  let hello: Awaited<ReturnType<typeof startHello>>;

  beforeAll(async () => {
    stackDir = await mkdtemp(join(tmpdir(), 'jetway-no-stack-'));
    hello = await startHello();
    configurator = await startConfigurator({ JETWAY_STACK_DIR: stackDir });
  });
  afterAll(async () => {
    await configurator?.stop();
    hello?.child.kill('SIGTERM');
    await rm(stackDir, { recursive: true, force: true });
  });

  it('writes the checked bundle under setups/<app>-<env>/, says it was not applied and why, and serves its runbooks', async () => {
    if (!existsSync(PROMTOOL)) throw new Error(`${PROMTOOL} not found: apt-get install prometheus`);
    const event = await configurator.monitor('hello', 'production', [hello.target]);
    expect(`${event.outcome} ${event.reason ?? ''}`).toBe('succeeded ');
    expect(event.outputs).toMatchObject({ setup: 'hello-production', applied: false, counts: { scrape_jobs: 1, routing_cases: 2 } });
    expect(event.outputs?.note).toMatch(/^not applied: no monitoring stack is configured \(set JETWAY_PROMETHEUS_URL, JETWAY_ALERTMANAGER_URL and JETWAY_BLACKBOX_URL/);
    const dir = join(stackDir, 'setups', 'hello-production');
    const files = event.outputs?.files ?? [];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(file.startsWith(`${dir}/`) && existsSync(file)).toBe(true);
    // Nothing says it was applied: no apply record, no stack-level config.
    expect(readdirSync(dir)).not.toContain('.jetway-applied.json');
    expect(existsSync(join(stackDir, 'prometheus', 'prometheus.yml'))).toBe(false);

    const config = await run(PROMTOOL, ['check', 'config', join(dir, 'prometheus/prometheus.yml')]);
    expect(`${config.stdout}${config.stderr}`).toContain('SUCCESS');
    // Production pages: its series are labelled tier 1, its pages go to the notifier's own channels.
    const scrape = parse(readFileSync(join(dir, 'prometheus/prometheus.yml'), 'utf8')) as { scrape_configs: Array<{ relabel_configs: Array<{ target_label: string; replacement?: string }> }> };
    expect(scrape.scrape_configs[0]?.relabel_configs).toEqual(expect.arrayContaining([{ target_label: 'tier', replacement: 'tier_1_critical' }, { target_label: 'setup', replacement: 'hello-production' }]));
    const routing = JSON.parse(readFileSync(join(dir, 'alertmanager/routing-tests.json'), 'utf8')) as { cases: Array<{ labels: Record<string, string>; receivers: string[]; channel: string }> };
    expect(routing.cases.map((c) => `${c.labels['severity']}:${c.receivers.join(',')}:${c.channel}`)).toEqual(['page:default-page:@jetway-notifier', 'ticket:default-ticket:@jetway-notifier']);
    const rules = parse(readFileSync(join(dir, 'prometheus/rules/hello.yml'), 'utf8')) as { groups: Array<{ rules: Array<{ alert?: string; labels?: Record<string, string>; annotations?: Record<string, string> }> }> };
    const alerts = rules.groups.flatMap((g) => g.rules).filter((r) => r.alert);
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts) {
      const url = alert.annotations?.['runbook_url'] ?? '';
      expect(`${(await fetch(url)).status} ${url}`).toBe(`200 ${url}`);
    }
  }, 120_000);
});
