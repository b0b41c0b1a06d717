import { RolloutSpec } from '@jetway/contracts';
import type { AnalysisProvider } from '../use-cases/analysis.port';
import { analysisProblemsBeforeRollout } from './check-analysis';

const prometheus = { url: 'http://127.0.0.1:9090', queries: { error_rate: 'sum(rate(r{release="$release",code=~"5.."}[1m])) / sum(rate(r{release="$release"}[1m]))' } };
const request = (queries = prometheus.queries) => ({ deployment_strategy: 'blue_green' as const, rollout: RolloutSpec.parse({ analysis: { provider: 'prometheus', prometheus: { ...prometheus, queries } } }) });
const provider = (check: () => Promise<string[]>): AnalysisProvider => ({ name: 'prometheus', measure: () => Promise.reject(new Error('not measured here')), check });

describe('analysisProblemsBeforeRollout', () => {
  it("names the grammar's problems first, without asking the provider", async () => {
    const check = jest.fn(async () => []);
    expect(await analysisProblemsBeforeRollout(request({ error_rate: 'sum(' }), provider(check))).toEqual([
      'rollout.analysis.prometheus.queries.error_rate: does not parse: ends too early at line 1, column 5: an unclosed bracket or quote, or a missing operand or label value (in `sum(`)',
    ]);
    expect(check).not.toHaveBeenCalled();
  });

  it("then what the provider refuses, and a provider that cannot be asked", async () => {
    expect(await analysisProblemsBeforeRollout(request(), provider(async () => []))).toEqual([]);
    expect(await analysisProblemsBeforeRollout(request(), provider(async () => ['rollout.analysis.prometheus.queries.error_rate: Prometheus refuses it: …']))).toEqual([
      'rollout.analysis.prometheus.queries.error_rate: Prometheus refuses it: …',
    ]);
    expect(await analysisProblemsBeforeRollout(request(), provider(() => Promise.reject(new Error('Prometheus at http://127.0.0.1:9090 did not answer (ECONNREFUSED)'))))).toEqual([
      'rollout.analysis.prometheus: cannot be checked: Prometheus at http://127.0.0.1:9090 did not answer (ECONNREFUSED)',
    ]);
  });
});
