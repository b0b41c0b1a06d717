export { configureMonitoring } from './configure-monitoring.use-case';
export type { MonitoringBundle } from './configure-monitoring.use-case';
export type { ConfigDir } from './config-dir.port';
export { DEFAULT_MONITORING_OPTIONS } from './monitoring.types';
export type { AppEnv, MonitoringInput, MonitoringOptions, Slo } from './monitoring.types';
export { prometheusConfig } from './prometheus-config.generator';
export { sloRules } from './slo-rules.generator';
export { fileSdTargets } from './file-sd.generator';
export type { ConfigReloader } from './config-reloader.port';
