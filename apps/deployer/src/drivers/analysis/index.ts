import type { AnalysisSpec } from '@jetway/contracts';
import type { AnalysisProvider } from '../../use-cases/analysis.port';
import type { RouterStats } from '../router';
import { PrometheusAnalysisProvider } from './prometheus-analysis.driver';
import { RouterAnalysisProvider } from './router-analysis.driver';

export { RouterAnalysisProvider } from './router-analysis.driver';
export { PrometheusAnalysisProvider, PrometheusQueryError } from './prometheus-analysis.driver';
export type { PrometheusAnalysisOptions } from './prometheus-analysis.driver';

/**
 * The provider a rollout's `analysis.provider` names: the router's stats, or Prometheus at
 * `analysis.prometheus.url` with its queries. Throws for `prometheus` without its block (the
 * request check refuses that before anything runs: `analysisProblems`).
 */
export function analysisProviderFor(spec: AnalysisSpec, router: RouterStats): AnalysisProvider {
  if (spec.provider === 'router') return new RouterAnalysisProvider(router);
  if (!spec.prometheus) throw new Error('rollout.analysis.prometheus: missing; the prometheus provider needs the server (url) and a PromQL query per criterion');
  return new PrometheusAnalysisProvider({ url: spec.prometheus.url, queries: spec.prometheus.queries });
}
