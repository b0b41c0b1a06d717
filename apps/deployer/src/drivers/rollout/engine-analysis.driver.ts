import type { AnalysisResult } from '@jetway/contracts';
import { runAnalysis, systemClock, type AnalysisClock } from '../../analysis';
import type { AnalysisRequest, RolloutAnalysis } from '../../strategies';
import type { AnalysisProvider } from '../../use-cases/analysis.port';
import type { AnalysisSpec } from '@jetway/contracts';

/**
 * The strategies' analysis on the analysis engine (`runAnalysis`: Argo Rollouts' limits over
 * back-to-back windows) with the provider the rollout's `analysis.provider` names. An analysis
 * its signal stopped rejects; the rollout has already moved on (a command, the deadline).
 */
export class EngineAnalysis implements RolloutAnalysis {
  constructor(
    private readonly providerFor: (spec: AnalysisSpec) => AnalysisProvider,
    private readonly clock: AnalysisClock = systemClock,
  ) {}

  async analyse(request: AnalysisRequest): Promise<AnalysisResult> {
    const { application, environment, release, baseline, criteria, spec, untilMs, signal } = request;
    const target = { application, environment, release, ...(baseline ? { baselineRelease: baseline } : {}) };
    const outcome = await runAnalysis({ target, criteria, spec, span: { untilMs } }, { provider: this.providerFor(spec), clock: this.clock, signal });
    return outcome.result;
  }
}
