import { join } from 'node:path';
import { z } from 'zod';
import { loadEnv, MeshEnv } from '@jetway/messaging';

export const MonitorConfiguratorEnv = MeshEnv.extend({
  /** The directory Prometheus reads: `prometheus.yml`, `targets/*.json`, `rules/*.yml`. */
  JETWAY_MONITORING_DIR: z.string().min(1).default(join(process.cwd(), '.jetway', 'monitoring')),
  /** Prometheus' `/-/reload` endpoint; when set it is POSTed after every bundle is written. */
  JETWAY_PROMETHEUS_RELOAD_URL: z.url().optional(),
});
export type MonitorConfiguratorConfig = z.infer<typeof MonitorConfiguratorEnv>;

/** The only place the monitor-configurator reads process.env. */
export function loadMonitorConfiguratorConfig(env: NodeJS.ProcessEnv = process.env): MonitorConfiguratorConfig {
  return loadEnv(MonitorConfiguratorEnv, env);
}
