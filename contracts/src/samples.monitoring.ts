// Samples of the monitoring setup pipeline's payloads, for contract tests (see samples.ts).
import type { MonitoringSetupRequest } from './pipeline/monitoring-setup-request.v1';

/** The smallest monitoring setup request the schema accepts. */
export const MINIMAL_MONITORING_REQUEST: Pick<MonitoringSetupRequest, 'kind' | 'idempotency_key' | 'name' | 'monitoring_stack'> & { infrastructure_inventory: { containers: Array<{ name: string; team: string; targets: string[] }> }; alerting_channels: Array<{ name: string; type: 'pagerduty'; config: { routing_key_file: string } }> } = {
  kind: 'monitoring_setup',
  idempotency_key: 'shop-monitoring-0001',
  name: 'shop-monitoring',
  infrastructure_inventory: { containers: [{ name: 'shop', team: 'payments', targets: ['10.0.0.5:8080'] }] },
  monitoring_stack: 'prometheus_grafana',
  alerting_channels: [{ name: 'oncall', type: 'pagerduty', config: { routing_key_file: '/etc/jetway/secrets/pagerduty-key' } }],
};
export const monitoringCounts = { scrape_jobs: 1, probes: 0, recording_rules: 12, alerts: 7, rule_tests: 14, routing_cases: 2, dashboards: 2, runbooks: 7 };
export const incident = {
  fingerprint: '3f2a9c1b4d5e6f70',
  setup: 'shop-monitoring',
  alertname: 'ShopAvailabilityErrorBudgetBurnFast',
  severity: 'page',
  service: 'shop',
  labels: { alertname: 'ShopAvailabilityErrorBudgetBurnFast', severity: 'page', service: 'shop', team: 'payments' },
  annotations: { summary: 'shop is burning its error budget 14.4× too fast', runbook_url: 'http://127.0.0.1:9099/runbooks/shop-monitoring/ShopAvailabilityErrorBudgetBurnFast.html' },
  starts_at: '2026-11-30T12:00:00Z',
  receiver: 'payments-page',
  channels: [{ name: 'oncall', type: 'pagerduty' as const, severities: ['page' as const], config: { routing_key_file: '/etc/jetway/secrets/pagerduty-key' } }],
};

