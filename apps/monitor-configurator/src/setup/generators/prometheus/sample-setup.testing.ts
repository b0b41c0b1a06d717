import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { MonitoringSetupRequest } from '@jetway/contracts';
import type { BundleFile, SetupInput, SetupUrls } from '../../bundle.types';

/**
 * A setup of three items as the request schema parses it (defaults filled): a server with scrape
 * targets, a container both scraped and probed, a database that serves no HTTP (and with
 * `probeOnly`, a serverless function that is only probed).
 */
export function sampleInput(overrides: { availability?: number; error_rate?: number; tier?: 'tier_3_standard'; probeOnly?: boolean } = {}): SetupInput {
  const request = MonitoringSetupRequest.parse({
    kind: 'monitoring_setup',
    idempotency_key: 'sample-setup-0001',
    name: 'shop',
    infrastructure_inventory: {
      servers: [{ name: 'api', team: 'payments', tier: overrides.tier ?? 'tier_1_critical', targets: ['127.0.0.1:9100', '127.0.0.1:9101'], labels: { region: 'eu-1', team: 'ignored' } }],
      containers: [{ name: 'web', team: 'storefront', targets: ['127.0.0.1:8080'], probes: ['http://127.0.0.1:8080/healthz'] }],
      serverless: overrides.probeOnly ? [{ name: 'checkout-fn', team: 'payments', probes: ['https://checkout.example.test/ping'] }] : [],
      databases: [{ name: 'orders-db', team: 'payments', tier: 'tier_3_standard', targets: ['127.0.0.1:9187'], serves_http: false, metrics_path: '/metrics' }],
    },
    monitoring_stack: 'prometheus_grafana',
    alerting_channels: [{ name: 'ops', type: 'webhook', config: { url: 'http://127.0.0.1:9999/hook' } }],
    sla_requirements: { availability: overrides.availability ?? 99.9, response_time_p99: 250, error_rate: overrides.error_rate ?? 0.05 },
    timing: { scrape_interval_seconds: 15, evaluation_interval_seconds: 15, alert_for_seconds: 120 },
  });
  return {
    name: request.name,
    infrastructure_inventory: request.infrastructure_inventory,
    monitoring_stack: request.monitoring_stack,
    alerting_channels: request.alerting_channels,
    routing: request.routing,
    sla_requirements: request.sla_requirements,
    timing: request.timing,
    delivery: request.delivery,
  };
}

export const SAMPLE_URLS: SetupUrls = {
  runbooks: 'http://127.0.0.1:7000/runbooks/',
  grafana: 'http://127.0.0.1:3000',
  alertIngress: 'http://127.0.0.1:7000/alerts',
  blackbox: '127.0.0.1:9115',
  alertmanager: '127.0.0.1:9093',
};

/** Writes the files under a new temp directory, as the bundle lays them out; returns the directory. */
export function writeBundle(files: readonly BundleFile[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'jetway-prometheus-bundle-'));
  for (const file of files) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.content);
  }
  return dir;
}
