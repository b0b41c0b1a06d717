import { qualityDashboard } from '@jetway/dashboards';
import type { GeneratedCiFile, PipelineModel } from '../model/pipeline-model';

/** Where the quality dashboard lands in the project (Grafana JSON, importable as is). */
export const QUALITY_DASHBOARD_PATH = 'dashboards/quality.json';

/**
 * The spec's `create_quality_dashboards`: one Grafana dashboard of the application's build
 * status, test coverage (green from the coverage gate), deployment frequency, lead time, time to
 * restore and security posture, from the same builder as the monitoring setup's dashboards.
 */
export function generateQualityDashboard(model: PipelineModel): GeneratedCiFile {
  const dashboard = qualityDashboard({
    uid: `jw-quality-${model.application}`.slice(0, 40),
    title: `${model.application}: quality`,
    coverageThreshold: model.coverageThreshold / 100,
  });
  return { path: QUALITY_DASHBOARD_PATH, content: `${JSON.stringify(dashboard, null, 2)}\n` };
}
