// The analysis engine: pure judging and deciding (Argo Rollouts' semantics, Kayenta's
// Mann-Whitney judge), run against a provider with an injected clock.
export { runAnalysis, measureOnce } from './run-analysis';
export type { AnalysisDeps, AnalysisOutcome, AnalysisRequest, AnalysisTarget } from './run-analysis';
export { judgeMeasurement, providerError } from './judge';
export type { JudgeInput } from './judge';
export { decide, tally, summary, EMPTY_TALLY } from './decide';
export type { AnalysisDecision, AnalysisTally } from './decide';
export { planWindows } from './windows';
export type { AnalysisSpan, MeasurementWindow } from './windows';
export { systemClock } from './clock';
export type { AnalysisClock } from './clock';
export { compareLatency } from './baseline';
export type { BaselineComparison } from './baseline';
export { mannWhitneyU, median } from './mann-whitney';
export type { MannWhitneyResult } from './mann-whitney';
/** What stops a rollout before it starts — the same check `jetway publish` makes (PromQL parsed with Prometheus's grammar). */
export { analysisProblems } from '@jetway/promql';
export { analysisProblemsBeforeRollout } from './check-analysis';
