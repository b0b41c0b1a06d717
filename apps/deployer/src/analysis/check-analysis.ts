import type { DeploymentRequest } from '@jetway/contracts';
import { analysisProblems } from '@jetway/promql';
import type { AnalysisProvider } from '../use-cases/analysis.port';

/**
 * Everything that stops a rollout's analysis before the rollout starts, one `field: why` line
 * each (empty: it can run): the request's analysis block as `jetway publish` checks it (PromQL
 * parsed with Prometheus's grammar, `$release` used, the provider's settings), then what the
 * provider itself refuses (Prometheus's own parser, type checks included). A provider that does
 * not answer its check is a problem too: an analysis that cannot measure must not start.
 */
export async function analysisProblemsBeforeRollout(request: Pick<DeploymentRequest, 'deployment_strategy' | 'rollout'>, provider: AnalysisProvider): Promise<string[]> {
  const problems = analysisProblems(request);
  if (problems.length > 0 || !provider.check) return problems;
  try {
    return await provider.check();
  } catch (error) {
    return [`rollout.analysis.${provider.name}: cannot be checked: ${error instanceof Error ? error.message : String(error)}`];
  }
}
