import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Mesh } from '@jetway/messaging';
import { DEPLOYER_CONFIG, type DeployerConfig } from './config/deployer.config';
import { HttpHealthProbe, LocalRouter, ProcessRuntime } from './drivers/local';
import { KvReleaseStore } from './drivers/nats/kv-release-store.driver';
import { DeployHandler } from './handlers/deploy.handler';
import { DEPLOY_DEPS } from './handlers/tokens';
import type { DeployDeps } from './use-cases';

@Module({})
export class DeployerModule implements OnApplicationShutdown {
  constructor(@Inject(DEPLOY_DEPS) private readonly deps: DeployDeps & { runtime: ProcessRuntime; router: LocalRouter }) {}

  static register(config: DeployerConfig): DynamicModule {
    return {
      module: DeployerModule,
      controllers: [DeployHandler],
      providers: [
        { provide: DEPLOYER_CONFIG, useValue: config },
        {
          provide: DEPLOY_DEPS,
          inject: [Mesh],
          useFactory: async (mesh: Mesh) => ({
            runtime: new ProcessRuntime({ dataDir: config.JETWAY_DEPLOYER_DATA_DIR }),
            router: await LocalRouter.start({ port: config.JETWAY_ROUTER_PORT }),
            health: new HttpHealthProbe(),
            releases: new KvReleaseStore(mesh),
            now: () => new Date(),
          }),
        },
      ],
    };
  }

  /** The local platform's instances are this process's children: stop them with it. */
  async onApplicationShutdown(): Promise<void> {
    await this.deps.runtime.stopAll();
    await this.deps.router.close();
  }
}
