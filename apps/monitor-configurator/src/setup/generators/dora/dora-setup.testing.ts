import { MonitoringSetupRequest } from '@jetway/contracts';
import type { SetupInput } from '../../bundle.types';

/**
 * A setup with Jetway's own mesh (`jetway`, scraped at its services' ops ports, `jetway_dora`) and
 * an application it deploys (`hello`, scraped and probed); `dora: false` leaves the flag off.
 */
export function doraSetupInput(options: { dora?: boolean; meshLabels?: Record<string, string> } = {}): SetupInput {
  const request = MonitoringSetupRequest.parse({
    kind: 'monitoring_setup',
    idempotency_key: 'dora-setup-0001',
    name: 'delivery',
    infrastructure_inventory: {
      servers: [
        { name: 'jetway', team: 'platform', targets: ['127.0.0.1:9464', '127.0.0.1:9465'], serves_http: false, jetway_dora: options.dora ?? true, labels: options.meshLabels ?? { region: 'eu-1' } },
      ],
      containers: [{ name: 'hello', team: 'web', tier: 'tier_1_critical', targets: ['127.0.0.1:8080'], probes: ['http://127.0.0.1:8080/healthz'] }],
    },
    monitoring_stack: 'prometheus_grafana',
    alerting_channels: [{ name: 'ops', type: 'webhook', config: { url: 'http://127.0.0.1:9999/hook' } }],
    timing: { scrape_interval_seconds: 5, evaluation_interval_seconds: 5, alert_for_seconds: 10 },
  });
  const { name, infrastructure_inventory, monitoring_stack, alerting_channels, routing, sla_requirements, timing, delivery } = request;
  return { name, infrastructure_inventory, monitoring_stack, alerting_channels, routing, sla_requirements, timing, delivery };
}
