// Grafana dashboards as typed data: rows of PromQL panels laid out on Grafana's grid and built with
// Grafana's foundation SDK, and the CI/CD setup's quality dashboard made with them.
export { buildDashboard, layoutRow, PROMETHEUS_DATASOURCE, GRID_COLUMNS } from './dashboard-kit';
export type { DashboardSpec, PanelSpec, QuerySpec, RowSpec, ThresholdStep, VariableSpec } from './dashboard-kit';
export { qualityDashboard, JETWAY_QUALITY_QUERIES } from './quality-dashboard';
export type { QualityDashboardOptions, QualityQueries } from './quality-dashboard';
export type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
