// One purpose: PromQL as Prometheus itself reads it — a query checked with Prometheus's own
// grammar, a value substituted into its label matchers safely — and the analysis block of a
// request checked with it. Used by the CLI (`jetway publish`) and the deployer (before a rollout).
export { promqlSyntaxError } from './check-promql';
export type { PromqlSyntaxError } from './check-promql';
export { substituteInStrings } from './substitute';
export { analysisProblems, queryProblems, RELEASE_VARIABLE } from './analysis-problems';
