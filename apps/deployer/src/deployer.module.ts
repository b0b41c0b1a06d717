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

type Wired = DeployDeps & { router: LocalRouter };

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
    if (this.deps.runtime instanceof ProcessRuntime) await this.deps.runtime.stopAll();
    if (this.deps.runtime instanceof NoopRuntime) await this.deps.runtime.close();
    await this.deps.router.close();
  }
}

async function wire(config: DeployerConfig, mesh: Mesh, logger: JsonLogger): Promise<Wired> {
  const router = await LocalRouter.start({ port: config.JETWAY_ROUTER_PORT });
  const releases = new KvReleaseStore(mesh);
  const now = () => new Date();
  if (config.JETWAY_DEPLOYER_RUNTIME === 'noop') {
    return { runtime: new NoopRuntime(), health: new NoopHealthProbe(), router, releases, now };
  }
  const runtime = new ProcessRuntime({ dataDir: config.JETWAY_DEPLOYER_DATA_DIR });
  // A deployer that was killed left its instances running: adopt them and route them again.
  const adopted = runtime.adoptSurvivors();
  if (adopted.length > 0) {
    const routes = await resumeRouting({ runtime, router, releases });
    logger.info('adopted instances of a previous deployer', { instances: adopted.map((i) => i.id), routes });
  }
  return { runtime, health: new HttpHealthProbe(), router, releases, now };
}
