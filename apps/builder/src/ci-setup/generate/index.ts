export { generateCi, commandsOf, generationLog, sha256Hex, type GenerateCiDeps, type GenerateCiResult, type GenerateOutputs } from './generate-ci.use-case';
export { generateFiles } from './generate-files';
export { buildPipelineModel, type ModelInput } from './model/build-model';
export type { GeneratedCiFile, PipelineModel } from './model/pipeline-model';
export { generateQualityDashboard, QUALITY_DASHBOARD_PATH } from './dashboards/quality-dashboard.generator';
