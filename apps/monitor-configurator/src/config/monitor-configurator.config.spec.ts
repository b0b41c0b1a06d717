import { MonitorConfiguratorEnv } from './monitor-configurator.config';

const problems = (env: Record<string, string>) => {
  const result = MonitorConfiguratorEnv.safeParse(env);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('the monitor-configurator environment', () => {
  it('wants all three stack servers or none', () => {
    expect(problems({ JETWAY_PROMETHEUS_URL: 'http://127.0.0.1:9090' })).toEqual([
      'JETWAY_PROMETHEUS_URL: set all three of JETWAY_PROMETHEUS_URL, JETWAY_ALERTMANAGER_URL and JETWAY_BLACKBOX_URL, or none',
    ]);
    expect(problems({})).toEqual([]);
  });

  it('reads the lists, and where people open the runbooks', () => {
    const env = MonitorConfiguratorEnv.parse({
      JETWAY_STACK_JETWAY_TARGETS: 'planner:9461, builder:9462',
      JETWAY_STACK_RULE_FILES: '/etc/prometheus/rules/*.rules.yml',
      JETWAY_RUNBOOKS_URL: 'http://localhost:9099/runbooks',
    });
    expect(env.JETWAY_STACK_JETWAY_TARGETS).toEqual(['planner:9461', 'builder:9462']);
    expect(env.JETWAY_STACK_RULE_FILES).toEqual(['/etc/prometheus/rules/*.rules.yml']);
    expect(env.JETWAY_RUNBOOKS_URL).toBe('http://localhost:9099/runbooks');
    expect(problems({ JETWAY_STACK_JETWAY_TARGETS: 'http://planner:9461' })[0]).toMatch(/^JETWAY_STACK_JETWAY_TARGETS\.0: must be host:port/);
  });
});
