import { MonitoringSetupRequest } from '@jetway/contracts';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { BundleFile, SetupInput, SetupUrls } from '../../bundle.types';

/**
 * A setup of two items for the Grafana and generate-only tests: `checkout` (scraped, tier 1, team
 * payments, routed to Slack and PagerDuty) and `search` (scraped and probed, tier 2, team discovery,
 * the default channels: a webhook and an email).
 */
export function twoItemInput(stack: SetupInput['monitoring_stack'] = 'prometheus_grafana'): SetupInput {
  const request = MonitoringSetupRequest.parse({
    kind: 'monitoring_setup',
    idempotency_key: 'grafana-spec',
    name: 'shop',
    monitoring_stack: stack,
    infrastructure_inventory: {
      servers: [{ name: 'checkout', targets: ['10.0.0.5:8080', '10.0.0.6:8080'], tier: 'tier_1_critical', team: 'payments' }],
      containers: [{ name: 'search', targets: ['10.0.1.5:9000'], probes: ['https://search.example.com/health'], team: 'discovery' }],
    },
    alerting_channels: [
      { name: 'payments-slack', type: 'slack', config: { channel: '#payments-alerts', api_url_file: '/etc/jetway/secrets/slack-url' } },
      { name: 'payments-pager', type: 'pagerduty', severities: ['page'], config: { routing_key_file: '/etc/jetway/secrets/pd-key' } },
      { name: 'ops-webhook', type: 'webhook', config: { url: 'https://hooks.example.com/alerts' } },
      { name: 'ops-email', type: 'email', severities: ['ticket'], config: { to: 'ops@example.com', from: 'alerts@example.com', smarthost: 'smtp.example.com:587' } },
    ],
    routing: { teams: [{ team: 'payments', channels: ['payments-slack', 'payments-pager'] }], default_channels: ['ops-webhook', 'ops-email'] },
    sla_requirements: { availability: 99.9, response_time_p99: 500, error_rate: 0.5 },
  });
  const { name, infrastructure_inventory, monitoring_stack, alerting_channels, routing, sla_requirements, timing, delivery } = request;
  return { name, infrastructure_inventory, monitoring_stack, alerting_channels, routing, sla_requirements, timing, delivery };
}

export const TEST_URLS: SetupUrls = {
  runbooks: 'http://127.0.0.1:8480/runbooks/shop/',
  grafana: 'http://127.0.0.1:3000/',
  alertIngress: 'http://127.0.0.1:8470/alerts/shop',
  blackbox: '127.0.0.1:9115',
  alertmanager: '127.0.0.1:9093',
};

/** Writes `files` under a new temporary directory, as the validate step finds a bundle, and returns it. */
export async function writeBundle(files: readonly BundleFile[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'jetway-bundle-'));
  for (const file of files) {
    await mkdir(dirname(join(dir, file.path)), { recursive: true });
    await writeFile(join(dir, file.path), file.content);
  }
  return dir;
}
