import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ArtifactObjects, EventPublisher } from '@jetway/messaging';
import { JsonLogger } from '@jetway/telemetry';
import type { MonitorConfiguratorConfig } from './config/monitor-configurator.config';
import type { AlertIngress } from './drivers/alert-ingress';
import { FsSetupFolder } from './drivers/file/setup-folder.driver';
import { HttpMetricsEndpoint } from './drivers/http/http-metrics-endpoint.driver';
import { MonitorHandler } from './handlers/monitor.handler';
import { SetupHandler } from './handlers/setup.handler';
import { RELEASE_DEPS, SETUP_DEPS } from './monitor-configurator.tokens';
import type { MonitorReleaseDeps } from './release/monitor-release.use-case';
import { BatchedChecks } from './release/batched-checks';
import { PassedChecks } from './release/passed-checks';
import { checkBundlesTogether } from './setup/generators';
import { wireSetup } from './setup-wiring';
import type { SetupDeps } from './setup/setup.deps';

const ALERT_INGRESS = Symbol('jetway.monitor-configurator.alert-ingress');

/**
 * The monitor step uses the setup steps' generators, URLs and stack — the stack only when one is
 * configured (all three URLs; the config refuses some without the others): without one, its
 * bundle is written under the stack directory and its outputs say it was not applied.
 */
async function releaseDeps(config: MonitorConfiguratorConfig, setup: SetupDeps, logger: JsonLogger): Promise<MonitorReleaseDeps> {
  const folder = new FsSetupFolder(config.JETWAY_STACK_DIR);
  const abandoned = await folder.sweep().catch((error: unknown) => (logger.warn(`cannot sweep abandoned staged bundles under ${config.JETWAY_STACK_DIR}/setups: ${String(error)}`), []));
  if (abandoned.length > 0) logger.info(`removed ${abandoned.length} staged bundle director${abandoned.length === 1 ? 'y' : 'ies'} a killed process left under ${config.JETWAY_STACK_DIR}/setups: ${abandoned.join(', ')}`);
  const stackConfigured = Boolean(config.JETWAY_PROMETHEUS_URL && config.JETWAY_ALERTMANAGER_URL && config.JETWAY_BLACKBOX_URL);
  return {
    endpoint: new HttpMetricsEndpoint(),
    generators: setup.generators,
    checker: new BatchedChecks(checkBundlesTogether),
    urls: setup.urls,
    passed: new PassedChecks(),
    testedRules: new PassedChecks(),
    workRoot: setup.workRoot,
    folder,
    stack: stackConfigured ? setup.stack : undefined,
    deadlineMs: setup.deadlineMs,
  };
}

@Module({})
export class MonitorConfiguratorModule implements OnApplicationShutdown {
  constructor(@Inject(ALERT_INGRESS) private readonly ingress: AlertIngress) {}

  static register(config: MonitorConfiguratorConfig): DynamicModule {
    const WIRED = Symbol('wired');
    type Wired = Awaited<ReturnType<typeof wireSetup>>;
    return {
      module: MonitorConfiguratorModule,
      controllers: [MonitorHandler, SetupHandler],
      providers: [
        {
          provide: WIRED,
          inject: [ArtifactObjects, EventPublisher, JsonLogger],
          useFactory: (objects: ArtifactObjects, publisher: EventPublisher, logger: JsonLogger) => wireSetup(config, { objects, publisher, logger }),
        },
        { provide: SETUP_DEPS, inject: [WIRED], useFactory: (wired: Wired) => wired.deps },
        { provide: RELEASE_DEPS, inject: [WIRED, JsonLogger], useFactory: (wired: Wired, logger: JsonLogger) => releaseDeps(config, wired.deps, logger) },
        { provide: ALERT_INGRESS, inject: [WIRED], useFactory: (wired: Wired) => wired.ingress },
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.ingress.stop();
  }
}
