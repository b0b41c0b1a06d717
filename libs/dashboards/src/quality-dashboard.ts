import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { buildDashboard } from './dashboard-kit';

// The CI/CD setup pipeline's quality dashboard (its `create_quality_dashboards` step), from the
// same builder as the monitoring dashboards: build status, test coverage, the DORA keys and
// security posture of one application.

/** The PromQL behind each panel; `$application` is the dashboard's application variable. */
export interface QualityQueries {
  /** Share of builds that succeeded. */
  readonly buildSuccess: string;
  /** Line coverage of the test suite, 0..1. */
  readonly testCoverage: string;
  /** Production deployments per day. */
  readonly deploymentFrequency: string;
  /** Lead time for changes, seconds (commit to production). */
  readonly leadTime: string;
  /** Mean time to restore, seconds. */
  readonly timeToRestore: string;
  /** Open security findings, by severity. */
  readonly securityFindings: string;
}

/**
 * Jetway's own series: its step and deployment counters and the DORA recording rules of
 * deploy/prometheus. Coverage and scan findings are the series the CI/CD setup pipeline is to export.
 */
export const JETWAY_QUALITY_QUERIES: QualityQueries = {
  buildSuccess: 'sum(increase(jetway_steps_total{kind="build", outcome="succeeded"}[7d])) / sum(increase(jetway_steps_total{kind="build"}[7d]))',
  testCoverage: 'max by (application) (jetway_test_coverage_ratio{application=~"$application"})',
  deploymentFrequency: 'sum(jetway:deployments:frequency_7d_per_day{application=~"$application", environment="production"})',
  leadTime: 'max(jetway:lead_time_seconds:p50_7d{application=~"$application"})',
  timeToRestore: 'avg(jetway:time_to_restore_seconds:avg_7d{application=~"$application"})',
  securityFindings: 'sum by (severity) (jetway_scan_findings{application=~"$application"})',
};

export interface QualityDashboardOptions {
  /** ≤ 40 characters. */
  readonly uid: string;
  readonly title: string;
  /** The series the application variable reads its values from. */
  readonly applicationsFrom?: string;
  readonly queries?: QualityQueries;
  /** The coverage gate, 0..1: the coverage panel turns green at it (default 0.8). */
  readonly coverageThreshold?: number;
}

/** The quality dashboard: one row of headline numbers, one of trends. */
export function qualityDashboard(options: QualityDashboardOptions): Dashboard {
  const q = options.queries ?? JETWAY_QUALITY_QUERIES;
  return buildDashboard({
    uid: options.uid,
    title: options.title,
    tags: ['jetway', 'quality', 'dora'],
    range: '30d',
    variables: [{ name: 'application', label: 'Application', selector: options.applicationsFrom ?? 'jetway_deployments_total' }],
    rows: [
      {
        title: 'Now',
        panels: [
          { kind: 'stat', title: 'Build success (7d)', unit: 'percentunit', width: 4, queries: [{ expr: q.buildSuccess }], thresholds: [{ value: null, color: 'red' }, { value: 0.9, color: 'green' }] },
          { kind: 'stat', title: 'Test coverage', unit: 'percentunit', width: 4, queries: [{ expr: q.testCoverage, legend: '{{application}}' }], thresholds: [{ value: null, color: 'orange' }, { value: options.coverageThreshold ?? 0.8, color: 'green' }] },
          { kind: 'stat', title: 'Deployment frequency', unit: 'short', width: 4, queries: [{ expr: q.deploymentFrequency }] },
          { kind: 'stat', title: 'Lead time (p50)', unit: 's', width: 4, queries: [{ expr: q.leadTime }] },
          { kind: 'stat', title: 'Time to restore', unit: 's', width: 4, queries: [{ expr: q.timeToRestore }] },
          { kind: 'stat', title: 'Security findings', unit: 'short', width: 4, queries: [{ expr: q.securityFindings, legend: '{{severity}}' }], thresholds: [{ value: null, color: 'green' }, { value: 1, color: 'red' }] },
        ],
      },
      {
        title: 'Trends',
        panels: [
          { kind: 'timeseries', title: 'Deployment frequency', unit: 'short', width: 12, queries: [{ expr: q.deploymentFrequency, legend: 'per day' }] },
          { kind: 'timeseries', title: 'Lead time and time to restore', unit: 's', width: 12, queries: [{ expr: q.leadTime, legend: 'lead time' }, { expr: q.timeToRestore, legend: 'time to restore' }] },
        ],
      },
    ],
  });
}
