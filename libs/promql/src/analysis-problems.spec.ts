import { RolloutSpec, type DeploymentRequest } from '@jetway/contracts';
import { analysisProblems } from './analysis-problems';

const ERRORS = 'sum(rate(r{release="$release",code=~"5.."}[1m])) / sum(rate(r{release="$release"}[1m]))';

function request(strategy: DeploymentRequest['deployment_strategy'], rollout: unknown): Pick<DeploymentRequest, 'deployment_strategy' | 'rollout'> {
  return { deployment_strategy: strategy, rollout: RolloutSpec.parse(rollout) };
}

describe('analysisProblems', () => {
  it('accepts the router provider and a complete prometheus block', () => {
    expect(analysisProblems(request('canary', {}))).toEqual([]);
    const steps = [{ weight: 50, duration_seconds: 60, success_criteria: { error_rate: 0.01 } }, { weight: 100, duration_seconds: 0 }];
    const prometheus = { url: 'http://127.0.0.1:9090', queries: { error_rate: ERRORS } };
    expect(analysisProblems(request('canary', { canary: { steps }, analysis: { provider: 'prometheus', prometheus } }))).toEqual([]);
  });

  it('names a query that does not parse, where it fails, and the query', () => {
    const prometheus = { url: 'http://127.0.0.1:9090', queries: { error_rate: ERRORS, latency_p99_ms: 'histogram_quantile(0.99, rate(d{release="$release"}[1m])' } };
    expect(analysisProblems(request('blue_green', { analysis: { provider: 'prometheus', prometheus } }))).toEqual([
      'rollout.analysis.prometheus.queries.latency_p99_ms: does not parse: ends too early at line 1, column 57: an unclosed bracket or quote, or a missing operand or label value (in `histogram_quantile(0.99, rate(d{release="$release"}[1m])`)',
    ]);
  });

  it('refuses a query that would measure every release', () => {
    const prometheus = { url: 'http://127.0.0.1:9090', queries: { error_rate: 'sum(rate(r{code=~"5.."}[1m])) # $release' } };
    expect(analysisProblems(request('blue_green', { analysis: { provider: 'prometheus', prometheus } }))).toEqual([
      'rollout.analysis.prometheus.queries.error_rate: never says "$release" in a label matcher (e.g. release="$release"): it would measure every release, not the new one',
    ]);
  });

  it('refuses a baseline comparison the prometheus provider cannot feed', () => {
    const prometheus = { url: 'http://127.0.0.1:9090', queries: { error_rate: ERRORS } };
    expect(analysisProblems(request('blue_green', { analysis: { provider: 'prometheus', prometheus, baseline: { enabled: true } } }))).toEqual([
      'rollout.analysis.baseline: the prometheus provider gives no latency samples to compare (Mann-Whitney U needs them); use the router provider for a baseline comparison',
    ]);
  });

  it('refuses the prometheus provider without its server, and a canary criterion without a query', () => {
    expect(analysisProblems(request('canary', { analysis: { provider: 'prometheus' } }))).toEqual([
      'rollout.analysis.prometheus: missing; the prometheus provider needs the server (url) and a PromQL query per criterion',
    ]);
    const prometheus = { url: 'http://127.0.0.1:9090', queries: { error_rate: ERRORS } };
    // The spec's default steps judge latency_p99_ms at 5 % and 25 %.
    expect(analysisProblems(request('canary', { analysis: { provider: 'prometheus', prometheus } }))).toEqual([
      'rollout.canary.steps.0.success_criteria.latency_p99_ms: the prometheus provider has no query for it; add rollout.analysis.prometheus.queries.latency_p99_ms',
      'rollout.canary.steps.1.success_criteria.latency_p99_ms: the prometheus provider has no query for it; add rollout.analysis.prometheus.queries.latency_p99_ms',
    ]);
  });
});
