import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Mesh } from '@jetway/messaging';
import { JsonLogger } from '@jetway/telemetry';
import { DEPLOYER_CONFIG, type DeployerConfig } from './config/deployer.config';
import { HttpHealthProbe, LocalRouter, ProcessRuntime } from './drivers/local';
import { KvReleaseStore } from './drivers/nats/kv-release-store.driver';
import { NoopHealthProbe, NoopRuntime } from './drivers/noop';
import { DeployHandler } from './handlers/deploy.handler';
import { DEPLOY_DEPS } from './handlers/tokens';
import { resumeRouting, type DeployDeps } from './use-cases';

/** The use cases' dependencies, the router, and how to stop what the chosen runtime started. */
type Wired = DeployDeps & { router: LocalRouter; stopRuntime: () => Promise<void> };

@Module({})
export class DeployerModule implements OnApplicationShutdown {
  constructor(@Inject(DEPLOY_DEPS) private readonly deps: Wired) {}

  static register(config: DeployerConfig): DynamicModule {
    return {
      module: DeployerModule,
      controllers: [DeployHandler],
      providers: [
        { provide: DEPLOYER_CONFIG, useValue: config },
        { provide: DEPLOY_DEPS, inject: [Mesh, JsonLogger], useFactory: (mesh: Mesh, logger: JsonLogger) => wire(config, mesh, logger) },
      ],
    };
  }

  /** Graceful stop: the local platform's instances stop with the deployer (a crash leaves them to be adopted). */
  async onApplicationShutdown(): Promise<void> {
    await this.deps.stopRuntime();
    await this.deps.router.close();
  }
}

async function wire(config: DeployerConfig, mesh: Mesh, logger: JsonLogger): Promise<Wired> {
  const router = await LocalRouter.start({ port: config.JETWAY_ROUTER_PORT });
  const releases = new KvReleaseStore(mesh);
  const now = () => new Date();
  if (config.JETWAY_DEPLOYER_RUNTIME === 'noop') {
    const runtime = new NoopRuntime();
    return { runtime, health: new NoopHealthProbe(), router, releases, now, stopRuntime: () => runtime.close() };
  }
  const runtime = new ProcessRuntime({ dataDir: config.JETWAY_DEPLOYER_DATA_DIR });
  // A deployer that was killed left its instances running: adopt them and route them again.
  const adopted = runtime.adoptSurvivors();
  if (adopted.length > 0) {
    const routes = await resumeRouting({ runtime, router, releases });
    logger.info('adopted instances of a previous deployer', { instances: adopted.map((i) => i.id), routes });
  }
  return { runtime, health: new HttpHealthProbe(), router, releases, now, stopRuntime: () => runtime.stopAll() };
}
