import { Inject, Module, type DynamicModule, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { ArtifactObjects, EventPublisher } from '@jetway/messaging';
import { JsonLogger } from '@jetway/telemetry';
import type { MonitorConfiguratorConfig } from './config/monitor-configurator.config';
import type { AlertIngress } from './drivers/alert-ingress';
import { FsConfigDir } from './drivers/file/fs-config-dir.driver';
import { HttpMetricsEndpoint } from './drivers/http/http-metrics-endpoint.driver';
import { NO_RELOAD, PrometheusReloadDriver } from './drivers/prometheus/prometheus-reload.driver';
import { MonitorHandler } from './handlers/monitor.handler';
import { SetupHandler } from './handlers/setup.handler';
import { CONFIG_DIR, CONFIG_RELOADER, METRICS_ENDPOINT, SETUP_DEPS } from './monitor-configurator.tokens';
import { wireSetup } from './setup-wiring';
import type { ConfigDir, ConfigReloader, MetricsEndpoint } from './use-cases';

const ALERT_INGRESS = Symbol('jetway.monitor-configurator.alert-ingress');

@Module({})
export class MonitorConfiguratorModule implements OnApplicationShutdown {
  constructor(@Inject(ALERT_INGRESS) private readonly ingress: AlertIngress) {}

  static register(config: MonitorConfiguratorConfig): DynamicModule {
    const reloadUrl = config.JETWAY_PROMETHEUS_RELOAD_URL;
    const dir: Provider<ConfigDir> = { provide: CONFIG_DIR, useValue: new FsConfigDir(config.JETWAY_MONITORING_DIR) };
    const reloader: Provider<ConfigReloader> = {
      provide: CONFIG_RELOADER,
      useValue: reloadUrl ? new PrometheusReloadDriver({ url: reloadUrl }) : NO_RELOAD,
    };
    const endpoint: Provider<MetricsEndpoint> = { provide: METRICS_ENDPOINT, useValue: new HttpMetricsEndpoint() };
    const WIRED = Symbol('wired');
    return {
      module: MonitorConfiguratorModule,
      controllers: [MonitorHandler, SetupHandler],
      providers: [
        dir,
        reloader,
        endpoint,
        {
          provide: WIRED,
          inject: [ArtifactObjects, EventPublisher, JsonLogger],
          useFactory: (objects: ArtifactObjects, publisher: EventPublisher, logger: JsonLogger) => wireSetup(config, { objects, publisher, logger }),
        },
        { provide: SETUP_DEPS, inject: [WIRED], useFactory: (wired: Awaited<ReturnType<typeof wireSetup>>) => wired.deps },
        { provide: ALERT_INGRESS, inject: [WIRED], useFactory: (wired: Awaited<ReturnType<typeof wireSetup>>) => wired.ingress },
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.ingress.stop();
  }
}
