import { startService, type ServiceHandle } from '@jetway/messaging';
import type { MonitorConfiguratorConfig } from './config/monitor-configurator.config';
import { MonitorConfiguratorModule } from './monitor-configurator.module';

export { loadMonitorConfiguratorConfig, MonitorConfiguratorEnv } from './config/monitor-configurator.config';
export type { MonitorConfiguratorConfig } from './config/monitor-configurator.config';
// The stack's processes, for the launcher (`npm start` runs Prometheus, Alertmanager and the blackbox exporter).
export { missingStackPackages, startStackProcesses, type StackProcesses, type StackProcessOptions } from './drivers/stack';

/** Starts the monitor-configurator: a release's targets and SLO → Prometheus scrape config and rules. */
export function startMonitorConfigurator(config: MonitorConfiguratorConfig): Promise<ServiceHandle> {
  return startService({
    service: 'monitor-configurator',
    env: config,
    feature: MonitorConfiguratorModule.register(config),
    // Writes are serialised per directory anyway: a few at a time is plenty.
    server: { consumer: { concurrency: 4 } },
  });
}
