// The metric contract a release's targets must meet before the monitor step monitors them.
export { metricsCheckFailure, metricsProblems } from './metrics-check';
export type { MetricsEndpoint, ScrapeAnswer } from './metrics-endpoint.port';
export { METRIC_CONTRACT, CONTRACT_SUMMARY, contractGaps, type RequiredMetric } from './metric-contract';
export { parseExposition, type Exposition, type MetricFamily } from './exposition';
