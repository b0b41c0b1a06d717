import { parse } from 'yaml';
import { DEFAULT_MONITORING_OPTIONS, type MonitoringInput } from './monitoring.types';
import { BURN_RATE_ALERTS, burnThreshold, sloRules, type Rule } from './slo-rules.generator';

interface RuleFile {
  groups: Array<{ name: string; rules: Rule[] }>;
}

const input = (availability: number, latency_p99_ms = 500): MonitoringInput => ({
  application: 'hello',
  environment: 'production',
  targets: ['127.0.0.1:4001'],
  slo: { availability, latency_p99_ms },
});

function rules(availability: number, latency?: number): Rule[] {
  const file = parse(sloRules(input(availability, latency), DEFAULT_MONITORING_OPTIONS)) as RuleFile;
  return file.groups.flatMap((g) => g.rules);
}

/** The numbers an alert compares against, in order of appearance. */
const thresholdsOf = (rule: Rule | undefined): number[] => [...(rule?.expr ?? '').matchAll(/> ([0-9.e-]+)/g)].map((m) => Number(m[1]));

describe('sloRules', () => {
  it('records the 5xx ratio for every window the alerts read, scoped to the app and env', () => {
    const recorded = rules(0.995).filter((r) => r.record?.startsWith('jetway:http_requests_error_ratio:'));
    expect(recorded.map((r) => r.record?.split(':').pop())).toEqual(['rate5m', 'rate30m', 'rate1h', 'rate2h', 'rate6h', 'rate1d', 'rate3d']);
    const fiveMinutes = recorded[0]?.expr ?? '';
    expect(fiveMinutes).toContain('http_requests_total{app="hello",env="production",code=~"5.."}[5m]');
    expect(fiveMinutes).toMatch(/\/\s*sum by \(app, env\) \(rate\(http_requests_total\{app="hello",env="production"\}\[5m\]\)\)/);
  });

  it('records p99 latency with histogram_quantile over the duration buckets', () => {
    const p99 = rules(0.995).find((r) => r.record === 'jetway:http_request_duration_seconds:p99_rate5m');
    expect(p99?.expr).toBe(
      'histogram_quantile(0.99, sum by (app, env, le) (rate(http_request_duration_seconds_bucket{app="hello",env="production"}[5m])))',
    );
  });

  it.each([0.995, 0.999, 0.9])('derives every burn-rate threshold from the availability target %p', (availability) => {
    const all = rules(availability);
    for (const tier of BURN_RATE_ALERTS) {
      const alert = all.find((r) => r.alert === tier.name);
      const expected = tier.factor * (1 - availability);
      const [long, short] = thresholdsOf(alert);
      expect(long).toBeCloseTo(expected, 10);
      expect(short).toBeCloseTo(expected, 10);
      expect(alert?.expr).toContain(`:rate${tier.long}{`);
      expect(alert?.expr).toContain(`:rate${tier.short}{`);
      expect(alert?.expr).toMatch(/\)\s*and\s*\(/);
    }
  });

  it('pages on the 1h/5m (14.4×) and 6h/30m (6×) tiers and tickets on the slow ones', () => {
    const severities = Object.fromEntries(
      rules(0.995).filter((r) => r.alert?.startsWith('JetwayErrorBudgetBurn')).map((r) => [r.expr.match(/rate(\w+)\{/)?.[1], r.labels?.severity]),
    );
    expect(severities).toEqual({ '1h': 'page', '6h': 'page', '1d': 'ticket', '3d': 'ticket' });
    expect(burnThreshold(14.4, 0.995)).toBe(0.072);
    expect(burnThreshold(6, 0.999)).toBe(0.006);
  });

  it('alerts on p99 above latency_p99_ms (in seconds) for 10m', () => {
    const latency = rules(0.995, 250).find((r) => r.alert === 'JetwayLatencyP99AboveSlo');
    expect(thresholdsOf(latency)).toEqual([0.25]);
    expect(latency?.for).toBe('10m');
    expect(latency?.labels).toEqual({ severity: 'ticket', slo: 'latency' });
  });

  it('gives every alert a summary, a description and a runbook link', () => {
    const alerts = rules(0.995).filter((r) => r.alert);
    expect(alerts).toHaveLength(5);
    for (const alert of alerts) {
      expect(Object.keys(alert.annotations ?? {}).sort()).toEqual(['description', 'runbook_url', 'summary']);
      expect(alert.annotations?.runbook_url).toMatch(/^docs\/runbooks\/slo\.md#/);
      expect(alert.annotations?.summary).toContain('hello (production)');
    }
  });
});
