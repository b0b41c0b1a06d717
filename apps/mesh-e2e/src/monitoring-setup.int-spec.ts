import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { MonitoringSetupRequest, type RunStatusView } from '@jetway/contracts';
import { startStackProcesses, type StackProcesses } from '@jetway/monitor-configurator';
import { startMonitoringStack, startSlackReceiver, waitFor, type MonitoringStackFixture, type SlackReceiver } from '@jetway/testing';
import { getJson } from './http';
import { startMesh, type Mesh } from './mesh.fixture';
import { startMetricsTarget, type MetricsTarget } from './metrics-target';
import { helloRequest } from './requests';

interface PromTarget {
  labels: Record<string, string>;
  health: string;
}

/**
 * The monitoring setup pipeline on a real nats-server, Prometheus, Alertmanager and blackbox
 * exporter: an inventory of two services (examples/hello-service, deployed by the deployment
 * pipeline, and a service the test controls), every target up; then the controlled one goes
 * down, its availability alert fires, Alertmanager routes it through Jetway's alert ingress, and
 * the notifier pages PagerDuty once and posts to Slack once; it comes back, PagerDuty gets the resolve.
 */
describe('the monitoring setup pipeline, applied to a real stack, pages through Jetway', () => {
  let stack: MonitoringStackFixture<StackProcesses>;
  let mesh: Mesh;
  let slack: SlackReceiver;
  let checkout: MetricsTarget;
  const secrets = mkdtempSync(join(tmpdir(), 'jetway-secrets-'));

  beforeAll(async () => {
    stack = await startMonitoringStack((launch) => startStackProcesses({ ...launch, scrapeInterval: '1s', evaluationInterval: '1s' }));
    slack = await startSlackReceiver();
    checkout = await startMetricsTarget();
    const { prometheus, alertmanager, blackbox } = stack.urls;
    const env = { JETWAY_STACK_DIR: stack.stackDir, JETWAY_PROMETHEUS_URL: prometheus, JETWAY_ALERTMANAGER_URL: alertmanager, JETWAY_BLACKBOX_URL: blackbox, JETWAY_SETUP_VERIFY_SECONDS: '60' };
    mesh = await startMesh({ env: { 'monitor-configurator': env } });
    writeFileSync(join(secrets, 'slack-url'), `${slack.url}\n`);
    writeFileSync(join(secrets, 'pagerduty-key'), 'R0UTINGKEY0000000000000000000001\n');
  }, 120_000);
  afterAll(async () => {
    await mesh?.stop();
    await checkout?.close();
    await slack?.close();
    await stack?.stop();
    rmSync(secrets, { recursive: true, force: true });
  });

  const finish = (runId: string): Promise<RunStatusView> => mesh.client.watch(runId, () => undefined, 200);
  const outputs = (run: RunStatusView, stepId: string) => run.steps.find((s) => s.step_id === stepId)?.outputs ?? {};

  async function setupRequest(): Promise<MonitoringSetupRequest> {
    const deployed = await finish(await mesh.client.publishRequest(helloRequest()));
    expect(deployed.status).toBe('succeeded');
    const release = (outputs(deployed, 'deploy-staging') as { release: { targets: string[]; url: string } }).release;
    return MonitoringSetupRequest.parse({
      kind: 'monitoring_setup',
      idempotency_key: `e2e-monitoring-${ulid()}`,
      name: 'shop-monitoring',
      infrastructure_inventory: {
        containers: [
          { name: 'hello', team: 'payments', tier: 'tier_1_critical', targets: release.targets, probes: [`${release.url.replace(/\/+$/, '')}/health`] },
          { name: 'checkout', team: 'payments', tier: 'tier_1_critical', targets: [checkout.target] },
        ],
      },
      monitoring_stack: 'prometheus_grafana',
      alerting_channels: [
        { name: 'payments-slack', type: 'slack', config: { channel: '#payments-alerts', api_url_file: join(secrets, 'slack-url') } },
        { name: 'payments-oncall', type: 'pagerduty', severities: ['page'], config: { routing_key_file: join(secrets, 'pagerduty-key') } },
      ],
      routing: { teams: [{ team: 'payments', channels: ['payments-slack', 'payments-oncall'] }] },
      timing: { scrape_interval_seconds: 1, evaluation_interval_seconds: 1, alert_for_seconds: 2 },
    });
  }

  it('applies a validated bundle, every target up; an outage pages once and resolves', async () => {
    const run = await finish(await mesh.client.publishRequest(await setupRequest()));
    expect(run.steps.map((s) => `${s.step_id}:${s.outcome}${s.reason ? ` (${s.reason})` : ''}`)).toEqual(['generate:succeeded', 'validate:succeeded', 'apply:succeeded', 'verify:succeeded']);
    expect(run.status).toBe('succeeded');
    const generated = outputs(run, 'generate') as { counts: Record<string, number> };
    const validated = outputs(run, 'validate') as { rule_tests_passed: number; routing_cases_passed: number };
    const verified = outputs(run, 'verify') as { targets_up: number; targets_total: number; rule_groups_loaded: number; rules_loaded: number };
    // 2 hello instances + its probe + checkout.
    expect(verified).toMatchObject({ targets_up: 4, targets_total: 4 });
    expect(validated.rule_tests_passed).toBe(generated.counts['rule_tests']);
    expect(validated.routing_cases_passed).toBe(generated.counts['routing_cases']);
    expect(verified.rules_loaded).toBe((generated.counts['recording_rules'] ?? 0) + (generated.counts['alerts'] ?? 0));
    const { checks, ...passed } = validated as typeof validated & { checks: unknown[] };
    process.stdout.write(`monitoring setup e2e: ${checks.length} checks passed, ${JSON.stringify({ ...generated.counts, ...passed, ...verified })}\n`);

    // Prometheus itself says so, and every alert's runbook page exists.
    const targets = await getJson(`${stack.urls.prometheus}/api/v1/targets?state=active`);
    const ours = (targets.body['data'] as { activeTargets: PromTarget[] }).activeTargets.filter((t) => t.labels['setup'] === 'shop-monitoring');
    expect(ours.map((t) => `${t.labels['service']}:${t.health}`).sort()).toEqual(['checkout:up', 'hello:up', 'hello:up', 'hello:up']);
    const rules = await getJson(`${stack.urls.prometheus}/api/v1/rules?type=alert`);
    const alerts = (rules.body['data'] as { groups: Array<{ rules: Array<{ labels: Record<string, string>; annotations: Record<string, string> }> }> }).groups.flatMap((g) => g.rules);
    const runbooks = new Set(alerts.filter((a) => a.labels['setup'] === 'shop-monitoring').map((a) => a.annotations['runbook_url'] ?? ''));
    for (const url of runbooks) expect(`${(await fetch(url)).status} ${url}`).toBe(`200 ${url}`);

    // The outage: checkout stops answering; TargetDown (a page) fires after its 2 s `for:`.
    await checkout.stop();
    const pagerduty = mesh.pagerduty;
    const page = await waitFor(() => pagerduty.received.find((e) => e.event_action === 'trigger' && e.payload?.summary.includes('checkout')), {
      timeoutMs: 60_000,
      message: 'a PagerDuty trigger for checkout',
    });
    await waitFor(() => slack.received.some((m) => JSON.stringify(m).includes('TargetDown')), { timeoutMs: 30_000, message: 'the Slack message for TargetDown' });

    // It comes back: the alert resolves, PagerDuty gets the resolve for the same dedup key.
    await checkout.start();
    await waitFor(() => pagerduty.incidents.get(page.dedup_key ?? '') === 'resolved', { timeoutMs: 60_000, message: `PagerDuty's incident ${page.dedup_key} to be resolved` });
    const forAlert = pagerduty.received.filter((e) => e.dedup_key === page.dedup_key).map((e) => e.event_action);
    expect(forAlert).toEqual(['trigger', 'resolve']);
    expect(page.dedup_key).toMatch(/^[0-9a-f]{16}$/);
    const slackForAlert = slack.received.filter((m) => JSON.stringify(m).includes('TargetDown'));
    expect(slackForAlert.length).toBeGreaterThanOrEqual(1);
    expect(slackForAlert.length).toBeLessThanOrEqual(2);
  }, 300_000);
});
