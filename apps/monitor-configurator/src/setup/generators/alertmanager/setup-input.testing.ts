import { type AlertDelivery, type MonitoringSetupRequest as Request, MonitoringSetupRequest } from '@jetway/contracts';
import type { SetupInput, SetupUrls } from '../../bundle.types';

/**
 * A setup for the Alertmanager and runbook tests: three items over two teams and the three tiers,
 * a channel of every type, a team route for `payments` and default channels for everyone else.
 *
 * payments (checkout, tier 1; ledger-db, tier 3) → payments-slack (page, ticket), payments-pager
 * (page), oncall-sms (page), ops-email (ticket). search (tier 2, team discovery, no route) →
 * defaults ops-webhook (page, ticket), ops-email (ticket), payments-pager (page).
 */
export function setupRequest(delivery: AlertDelivery = 'jetway'): Request {
  return MonitoringSetupRequest.parse({
    kind: 'monitoring_setup',
    idempotency_key: 'alertmanager-spec',
    name: 'shop',
    monitoring_stack: 'prometheus_grafana',
    delivery,
    infrastructure_inventory: {
      servers: [{ name: 'checkout', targets: ['10.0.0.5:8080'], tier: 'tier_1_critical', team: 'payments' }],
      databases: [{ name: 'ledger-db', targets: ['10.0.0.9:9187'], tier: 'tier_3_standard', team: 'payments', serves_http: false }],
      containers: [{ name: 'search', probes: ['https://search.example.com/health'], tier: 'tier_2_important', team: 'discovery' }],
    },
    alerting_channels: [
      { name: 'payments-slack', type: 'slack', config: { channel: '#payments-alerts', api_url_file: '/etc/jetway/secrets/slack-url' } },
      { name: 'payments-pager', type: 'pagerduty', severities: ['page'], config: { routing_key_file: '/etc/jetway/secrets/pd-key' } },
      { name: 'ops-webhook', type: 'webhook', config: { url: 'https://hooks.example.com/alerts' } },
      {
        name: 'ops-email',
        type: 'email',
        severities: ['ticket'],
        config: { to: 'ops@example.com', from: 'alerts@example.com', smarthost: 'smtp.example.com:587', auth_password_file: '/etc/jetway/secrets/smtp-password' },
      },
      { name: 'oncall-sms', type: 'sms', severities: ['page'], config: { gateway_url: 'https://sms.example.com/send?account=shop', to: '+4915112345678' } },
    ],
    routing: {
      teams: [{ team: 'payments', channels: ['payments-slack', 'payments-pager', 'oncall-sms', 'ops-email'] }],
      default_channels: ['ops-webhook', 'ops-email', 'payments-pager'],
    },
  });
}

/** The generate step's view of `setupRequest`. */
export function setupInput(delivery: AlertDelivery = 'jetway', request: Request = setupRequest(delivery)): SetupInput {
  const { name, infrastructure_inventory, monitoring_stack, alerting_channels, routing, sla_requirements, timing } = request;
  return { name, infrastructure_inventory, monitoring_stack, alerting_channels, routing, sla_requirements, timing, delivery: request.delivery };
}

/**
 * (checkout: page 3 + ticket 2) + (ledger-db, tier 3: slack and email for both severities, 2 + 2)
 * + (search: page 2 + ticket 2).
 */
export const FIXTURE_ROUTING_CASES = 13;

export const URLS: SetupUrls = {
  runbooks: 'http://127.0.0.1:8480/runbooks/shop/',
  grafana: 'http://127.0.0.1:3000',
  alertIngress: 'http://127.0.0.1:8470/alerts/shop',
  blackbox: '127.0.0.1:9115',
  alertmanager: '127.0.0.1:9093',
};
