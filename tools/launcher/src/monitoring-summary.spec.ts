import type { RunStatusView } from '@jetway/contracts';
import { monitoringSummary, type SetupLinks } from './monitoring-summary';

const LINKS: SetupLinks = {
  prometheus: 'http://127.0.0.1:9090',
  alertmanager: 'http://127.0.0.1:9093',
  ingress: 'http://127.0.0.1:9099',
  stackDir: '/state/stack',
  grafana: 'http://localhost:3000',
};

type Step = RunStatusView['steps'][number];

function run(status: RunStatusView['status'], steps: Partial<Step>[]): RunStatusView {
  return {
    run_id: '01M8PQASF3C6NYAEC8DBF4KPXD',
    application: 'hello-monitoring',
    status,
    created_at: '2025-01-01T00:00:00Z',
    urls: {},
    approvers: [],
    steps: steps.map((step) => ({ step_id: 'x', kind: 'monitoring-generate', status: 'finished', ...step }) as Step),
  };
}

const GENERATED = { counts: { scrape_jobs: 3, probes: 1, recording_rules: 40, alerts: 12, rule_tests: 24, routing_cases: 8, dashboards: 3, runbooks: 12 } };

describe('monitoringSummary', () => {
  it('quotes the counts of the verify and validate steps against what was generated, then the URLs', () => {
    const lines = monitoringSummary(
      run('succeeded', [
        { step_id: 'generate', outcome: 'succeeded', outputs: GENERATED },
        { step_id: 'validate', kind: 'monitoring-validate', outcome: 'succeeded', outputs: { checks: [], rule_tests_passed: 24, routing_cases_passed: 8 } },
        { step_id: 'apply', kind: 'monitoring-apply', outcome: 'succeeded', outputs: {} },
        { step_id: 'verify', kind: 'monitoring-verify', outcome: 'succeeded', outputs: { targets_up: 9, targets_total: 9, rule_groups_loaded: 5, rules_loaded: 52, alertmanager_config_hash: 'ab' } },
      ]),
      LINKS,
    );
    expect(lines).toEqual([
      'monitoring  hello-monitoring succeeded',
      '            targets up 9/9 · rules loaded 52 in 5 groups · rule tests passed 24/24 · routing cases 8/8',
      'Prometheus  http://127.0.0.1:9090/targets  http://127.0.0.1:9090/alerts',
      'Alertmanager http://127.0.0.1:9093',
      'runbooks    http://127.0.0.1:9099/runbooks/hello-monitoring/index.html',
      'dashboards  /state/stack/setups/hello-monitoring/grafana/dashboards (3 files); Grafana is not run locally: `docker compose up` serves them at http://localhost:3000',
    ]);
  });

  it('says which step a failed run stopped at, and leaves what it never measured as ?', () => {
    const lines = monitoringSummary(
      run('failed', [
        { step_id: 'generate', outcome: 'succeeded', outputs: GENERATED },
        { step_id: 'validate', kind: 'monitoring-validate', outcome: 'failed', reason: 'promtool test rules failed on prometheus/tests/hello.test.yml' },
        { step_id: 'apply', kind: 'monitoring-apply', status: 'pending' },
      ]),
      LINKS,
    );
    expect(lines[1]).toBe('            targets up ? · rules loaded ? in ? groups · rule tests passed ?/24 · routing cases ?/8');
    expect(lines[2]).toBe('            stopped at validate: promtool test rules failed on prometheus/tests/hello.test.yml');
  });
});
