import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { stringify } from 'yaml';
import { startMonitoringStack, type MonitoringStackFixture } from '@jetway/testing';
import { BUNDLE_LAYOUT, type BundleFile } from '../../setup/bundle.types';
import { startStackProcesses, type StackProcesses } from './stack-processes';

// Test support for the stack driver's specs: small valid bundles built by hand (the generators
// are other code), a scrape target, and the real stack started through the production launcher.

export interface TestBundleOptions {
  /** `host:port` of the service's scrape targets. */
  readonly targets: readonly string[];
  /** The alert's expression (default: the service's targets are down). */
  readonly alertExpr?: string;
  /** The rule group's name (default `<setup>-availability`). */
  readonly group?: string;
  /** Alertmanager's webhook base URL. */
  readonly webhook?: string;
}

/** A bundle: one scrape job over a file_sd targets file, one rule group with a recording rule and an alert, a webhook receiver. */
export function testBundle(setup: string, options: TestBundleOptions): BundleFile[] {
  const service = 'api';
  const yaml = (path: string, data: unknown): BundleFile => ({ path, content: stringify(data) });
  return [
    yaml(BUNDLE_LAYOUT.prometheusConfig, {
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: ['rules/availability.yml'],
      scrape_configs: [{ job_name: service, scrape_timeout: '900ms', file_sd_configs: [{ files: ['targets/api.json'] }] }],
    }),
    { path: BUNDLE_LAYOUT.targets(service), content: JSON.stringify([{ targets: options.targets, labels: { service, team: 'core', tier: '1', setup } }]) },
    yaml(BUNDLE_LAYOUT.rules('availability'), {
      groups: [
        {
          name: options.group ?? `${setup}-availability`,
          rules: [
            { record: 'service:up:min', expr: 'min by (service, setup) (up)' },
            {
              alert: 'ServiceDown',
              expr: options.alertExpr ?? `up{setup="${setup}",service="${service}"} == 0`,
              for: '2s',
              labels: { severity: 'page', setup },
              annotations: { summary: `${service} is down` },
            },
          ],
        },
      ],
    }),
    yaml(BUNDLE_LAYOUT.alertmanagerConfig, {
      route: { receiver: 'webhook', group_by: ['alertname', 'service'], group_wait: '1s', group_interval: '1s', repeat_interval: '1h' },
      receivers: [{ name: 'webhook', webhook_configs: [{ url: `${options.webhook ?? 'http://127.0.0.1:9'}/webhook`, send_resolved: true }] }],
      inhibit_rules: [{ source_matchers: ['severity="page"'], target_matchers: ['severity="ticket"'], equal: ['service'] }],
    }),
    yaml(BUNDLE_LAYOUT.blackboxConfig, { modules: { http_2xx: { prober: 'http', timeout: '2s' } } }),
  ];
}

/** A scrape target serving one gauge in Prometheus text. */
export async function startMetricsServer(): Promise<{ hostPort: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end('# TYPE test_ready gauge\ntest_ready 1\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    hostPort: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The real stack (Debian's binaries) in temp directories, started by the production launcher. */
export function startTestStack(): Promise<MonitoringStackFixture<StackProcesses>> {
  return startMonitoringStack((launch) => startStackProcesses({ ...launch, scrapeInterval: '1s', evaluationInterval: '1s' }));
}
