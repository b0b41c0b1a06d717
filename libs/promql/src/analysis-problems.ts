import type { AnalysisSpec, DeploymentRequest, SuccessCriteria } from '@jetway/contracts';
import { promqlSyntaxError } from './check-promql';
import { substituteInStrings } from './substitute';

/** The variable a query writes where the measured release's label value goes. */
export const RELEASE_VARIABLE = '$release';

type Metric = keyof SuccessCriteria;

/**
 * What the schema cannot see in a request's analysis, one `field: why` line each (empty: fine):
 * a Prometheus query that does not parse (named, with where it fails), one that never says
 * `$release` in a label matcher (it would measure every release, not the new one), the
 * `prometheus` provider without its server or with a baseline comparison (it has no latency
 * samples), and a canary step judged on a metric that has no query. The CLI refuses these at `publish`; the deployer before a rollout starts.
 */
export function analysisProblems(request: Pick<DeploymentRequest, 'deployment_strategy' | 'rollout'>, at = 'rollout'): string[] {
  const analysis = request.rollout.analysis;
  const problems = analysis.prometheus ? queryProblems(analysis.prometheus.queries, `${at}.analysis.prometheus.queries`) : [];
  if (analysis.provider !== 'prometheus') return problems;
  if (!analysis.prometheus) {
    return [...problems, `${at}.analysis.prometheus: missing; the prometheus provider needs the server (url) and a PromQL query per criterion`];
  }
  if (analysis.baseline?.enabled) {
    problems.push(`${at}.analysis.baseline: the prometheus provider gives no latency samples to compare (Mann-Whitney U needs them); use the router provider for a baseline comparison`);
  }
  if (request.deployment_strategy !== 'canary') return problems;
  return [...problems, ...missingQueries(request.rollout.canary.steps, analysis.prometheus.queries, at)];
}

/** Syntax and `$release` problems of each query, named by its field. */
export function queryProblems(queries: Partial<Record<Metric, string>>, at: string): string[] {
  const problems: string[] = [];
  for (const [metric, query] of Object.entries(queries)) {
    if (query === undefined) continue;
    const error = promqlSyntaxError(query);
    if (error) problems.push(`${at}.${metric}: does not parse: ${error.message} (in \`${query}\`)`);
    else if (substituteInStrings(query, RELEASE_VARIABLE, 'x') === query) {
      problems.push(`${at}.${metric}: never says "${RELEASE_VARIABLE}" in a label matcher (e.g. release="${RELEASE_VARIABLE}"): it would measure every release, not the new one`);
    }
  }
  return problems;
}

function missingQueries(steps: readonly { success_criteria?: SuccessCriteria | undefined }[], queries: NonNullable<AnalysisSpec['prometheus']>['queries'], at: string): string[] {
  const problems: string[] = [];
  steps.forEach((step, i) => {
    for (const metric of Object.keys(step.success_criteria ?? {}) as Metric[]) {
      if (step.success_criteria?.[metric] !== undefined && !queries[metric]) {
        problems.push(`${at}.canary.steps.${i}.success_criteria.${metric}: the prometheus provider has no query for it; add ${at}.analysis.prometheus.queries.${metric}`);
      }
    }
  });
  return problems;
}
