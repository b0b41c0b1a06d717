import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { MonitorConfiguratorConfig } from './config/monitor-configurator.config';
import { FsConfigDir } from './drivers/file/fs-config-dir.driver';
import { HttpMetricsEndpoint } from './drivers/http/http-metrics-endpoint.driver';
import { NO_RELOAD, PrometheusReloadDriver } from './drivers/prometheus/prometheus-reload.driver';
import { MonitorHandler } from './handlers/monitor.handler';
import { CONFIG_DIR, CONFIG_RELOADER, METRICS_ENDPOINT } from './monitor-configurator.tokens';
import type { ConfigDir, ConfigReloader, MetricsEndpoint } from './use-cases';

@Module({})
export class MonitorConfiguratorModule {
  static register(config: MonitorConfiguratorConfig): DynamicModule {
    const reloadUrl = config.JETWAY_PROMETHEUS_RELOAD_URL;
    const dir: Provider<ConfigDir> = { provide: CONFIG_DIR, useValue: new FsConfigDir(config.JETWAY_MONITORING_DIR) };
    const reloader: Provider<ConfigReloader> = {
      provide: CONFIG_RELOADER,
      useValue: reloadUrl ? new PrometheusReloadDriver({ url: reloadUrl }) : NO_RELOAD,
    };
    const endpoint: Provider<MetricsEndpoint> = { provide: METRICS_ENDPOINT, useValue: new HttpMetricsEndpoint() };
    return {
      module: MonitorConfiguratorModule,
      controllers: [MonitorHandler],
      providers: [dir, reloader, endpoint],
    };
  }
}
