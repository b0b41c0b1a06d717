import { MINIMAL_MONITORING_REQUEST } from '../samples';
import { ownerOf } from '../step/kinds';
import '../plain-errors';
import { unknownFields } from '../unknown-fields';
import { inventoryItems, MonitoringSetupRequest } from './monitoring-setup-request.v1';
import { PipelineRequest } from './pipeline-request.v1';

/** The request with one part replaced, and what the schema says about it (path: message). */
function problems(patch: Record<string, unknown>): string[] {
  const result = MonitoringSetupRequest.safeParse({ ...MINIMAL_MONITORING_REQUEST, ...patch });
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}
const item = (extra: Record<string, unknown>) => ({ name: 'shop', team: 'payments', targets: ['10.0.0.5:8080'], ...extra });
const pagerduty = { name: 'oncall', type: 'pagerduty', config: { routing_key_file: '/etc/jetway/secrets/pd' } };

describe('the monitoring setup request', () => {
  const parsed = MonitoringSetupRequest.parse(MINIMAL_MONITORING_REQUEST);

  it('fills the spec’s SLA defaults (99.9 %, 1000 ms, 0.1 %), Jetway delivery and production timing', () => {
    expect(parsed.sla_requirements).toEqual({ availability: 99.9, response_time_p99: 1000, error_rate: 0.1 });
    expect(parsed.delivery).toBe('jetway');
    expect(parsed.timing).toEqual({ scrape_interval_seconds: 15, evaluation_interval_seconds: 15, alert_for_seconds: 120 });
    expect(inventoryItems(parsed.infrastructure_inventory)).toEqual([
      expect.objectContaining({ name: 'shop', group: 'containers', tier: 'tier_2_important', metrics_path: '/metrics', probes: [], serves_http: true }),
    ]);
    expect(PipelineRequest.parse(MINIMAL_MONITORING_REQUEST).kind).toBe('monitoring_setup');
    expect(ownerOf('monitoring-apply')).toBe('monitor-configurator');
  });

  it('refuses an item with nothing to watch, naming it', () => {
    expect(problems({ infrastructure_inventory: { servers: [item({ targets: [] })] } })).toEqual([
      'infrastructure_inventory.servers.0.targets: shop has nothing to watch: give its scrape targets (host:port) or probe URLs',
    ]);
  });

  it('refuses a target that is not host:port and a probe that is not a URL', () => {
    expect(problems({ infrastructure_inventory: { servers: [item({ targets: ['http://10.0.0.5:8080'] })] } })[0]).toMatch(/^infrastructure_inventory\.servers\.0\.targets\.0: must be host:port/);
    expect(problems({ infrastructure_inventory: { servers: [item({ targets: ['db:99999'] })] } })).toEqual(['infrastructure_inventory.servers.0.targets.0: port must be 1..65535']);
    expect(problems({ infrastructure_inventory: { servers: [item({ targets: [], probes: ['ftp://x'] })] } })[0]).toMatch(/probes\.0: must be an http:\/\/ or https:\/\/ URL/);
  });

  it('refuses an availability of 101 or 0 in plain words', () => {
    expect(problems({ sla_requirements: { availability: 101 } })).toEqual(['sla_requirements.availability: must be below 100: a 100 % objective leaves no error budget to alert on']);
    expect(problems({ sla_requirements: { availability: 0 } })).toEqual(['sla_requirements.availability: must be above 0 (a percentage such as 99.9)']);
  });

  it('wants secrets as files, never values', () => {
    expect(problems({ alerting_channels: [{ name: 'oncall', type: 'pagerduty', config: {} }] })).toEqual(['alerting_channels.0.config.routing_key_file: missing']);
    expect(problems({ alerting_channels: [{ name: 'oncall', type: 'pagerduty', config: { routing_key_file: 'R0UT1NGK3Y' } }] })).toEqual([
      'alerting_channels.0.config.routing_key_file: must be an absolute path to a file holding the secret (never the secret itself)',
    ]);
    expect(problems({ alerting_channels: [{ name: 'oncall', type: 'pagerduty', config: { routing_key: 'R0UT1NGK3Y', routing_key_file: '/x' } }] })[0]).toMatch(/routing_key/);
  });

  it('refuses a team routed to a channel that does not exist, naming the ones that do', () => {
    expect(problems({ alerting_channels: [pagerduty], routing: { teams: [{ team: 'payments', channels: ['payments-slack'] }] } })).toEqual([
      'routing.teams.0.channels.0: team payments is routed to channel "payments-slack", which alerting_channels does not define (defined: oncall)',
    ]);
  });

  it('refuses an empty inventory, repeated names and the custom stack', () => {
    expect(problems({ infrastructure_inventory: {} })).toEqual(['infrastructure_inventory: is empty: list at least one server, container, serverless function or database']);
    expect(problems({ infrastructure_inventory: { servers: [item({})], databases: [item({})] } })[0]).toMatch(/databases\.0\.name: shop is listed twice/);
    expect(problems({ monitoring_stack: 'custom' })[0]).toMatch(/custom stacks are not supported/);
  });

  it('names an unknown field at the boundary', () => {
    const fields = unknownFields(MonitoringSetupRequest, { ...MINIMAL_MONITORING_REQUEST, sla: {}, timing: { evaluation_intervall_seconds: 1 } });
    expect(fields.map((f) => [f.path, f.suggestion])).toEqual([['sla', undefined], ['timing.evaluation_intervall_seconds', 'evaluation_interval_seconds']]);
  });
});
