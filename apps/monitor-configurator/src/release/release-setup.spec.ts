import { PermanentError } from '@jetway/messaging';
import { bundleGenerators } from '../setup/generators';
import { burnTable } from '../setup/generators/prometheus';
import { SAMPLE_URLS } from '../setup/generators/prometheus/sample-setup.testing';
import { availabilityPercent, releaseSetupInput, type ReleaseToMonitor } from './release-setup';

const release = (over: Partial<ReleaseToMonitor> = {}): ReleaseToMonitor => ({
  application: 'hello',
  environment: 'staging',
  targets: ['127.0.0.1:4001', '127.0.0.1:4002'],
  slo: { availability: 0.995, latency_p99_ms: 300 },
  ...over,
});

describe('releaseSetupInput', () => {
  it('is a one-item setup <app>-<env> of the release targets, without channels, delivered by Jetway', () => {
    const input = releaseSetupInput(release());
    expect(input).toMatchObject({ name: 'hello-staging', monitoring_stack: 'prometheus_grafana', alerting_channels: [], routing: { teams: [] }, delivery: 'jetway' });
    expect(input.infrastructure_inventory.containers).toEqual([
      expect.objectContaining({ name: 'hello', targets: ['127.0.0.1:4001', '127.0.0.1:4002'], probes: [], serves_http: true, team: 'jetway', tier: 'tier_3_standard', metrics_path: '/metrics' }),
    ]);
    expect([input.infrastructure_inventory.servers, input.infrastructure_inventory.serverless, input.infrastructure_inventory.databases]).toEqual([[], [], []]);
    expect(input.timing).toEqual({ scrape_interval_seconds: 15, evaluation_interval_seconds: 15, alert_for_seconds: 120 });
  });

  it('pages for production only: staging and development are tier 3', () => {
    const tier = (environment: ReleaseToMonitor['environment']) => releaseSetupInput(release({ environment })).infrastructure_inventory.containers[0]?.tier;
    expect([tier('production'), tier('staging'), tier('development')]).toEqual(['tier_1_critical', 'tier_3_standard', 'tier_3_standard']);
  });

  it('takes the SLO as the SLA in percent, exactly, with the default error rate', () => {
    expect(releaseSetupInput(release()).sla_requirements).toEqual({ availability: 99.5, response_time_p99: 300, error_rate: 0.1 });
    // Where multiplying floats is not exact, the decimal is.
    expect([0.57 * 100, 0.07 * 100]).toEqual([56.99999999999999, 7.000000000000001]);
    expect([0.995, 0.999, 0.9995, 0.99, 0.57, 0.07, 0.12345].map(availabilityPercent)).toEqual([99.5, 99.9, 99.95, 99, 57, 7, 12.345]);
  });

  it('gives a 0.999 SLO the burn table of a 99.9 % objective (14.4 / 6 / 3 / 1, exact thresholds)', () => {
    const table = burnTable(releaseSetupInput(release({ slo: { availability: 0.999, latency_p99_ms: 300 } })).sla_requirements.availability);
    expect(table.map((row) => [row.factor, row.thresholdText])).toEqual([
      [14.4, '0.0144'],
      [6, '0.006'],
      [3, '0.003'],
      [1, '0.001'],
    ]);
  });

  it('refuses a release without targets, a target that is no host:port, and a setup name too long, saying why', () => {
    expect(() => releaseSetupInput(release({ targets: [] }))).toThrow(new PermanentError('the release of hello in staging has no target (release.targets is empty): there is nothing to scrape'));
    expect(() => releaseSetupInput(release({ targets: ['pod-without-port'] }))).toThrow(/cannot be monitored: targets\.0: must be host:port/);
    expect(() => releaseSetupInput(release({ application: `a${'b'.repeat(55)}`, environment: 'production' }))).toThrow(/use an application name of at most 52 characters/);
  });

  it('generates a bundle whose every alert has a runbook page and routing cases to the notifier', () => {
    const bundle = bundleGenerators.generate(releaseSetupInput(release()), SAMPLE_URLS);
    expect(bundle.generateOnly).toBe(false);
    expect(bundle.counts).toMatchObject({ scrape_jobs: 1, probes: 0, routing_cases: 2 });
    expect(bundle.counts.runbooks).toBe(bundle.counts.alerts);
    const routing = JSON.parse(bundle.files.find((f) => f.path === 'alertmanager/routing-tests.json')?.content ?? '{}') as { cases: Array<{ channel: string; receivers: string[] }> };
    expect(routing.cases.map((c) => `${c.receivers.join(',')}→${c.channel}`)).toEqual(['default-tier3→@jetway-notifier', 'default-tier3→@jetway-notifier']);
  });
});
