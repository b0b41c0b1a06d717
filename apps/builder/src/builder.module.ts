import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { BUILD_DRIVER } from './builder.tokens';
import { BUILDER_CONFIG, type BuilderConfig } from './config/builder.config';
import { CommandBuildDriver } from './drivers/command';
import { NoopBuildDriver } from './drivers/noop';
import { BuildHandler } from './handlers/build.handler';
import { CiSetupHandler } from './handlers/ci-setup.handler';
import { InfraHandler } from './handlers/infra.handler';
import type { BuildDriver } from './use-cases';

@Module({})
export class BuilderModule {
  static register(config: BuilderConfig): DynamicModule {
    const driver: Provider<BuildDriver> = {
      provide: BUILD_DRIVER,
      useValue: config.JETWAY_BUILDER_DRIVER === 'noop' ? new NoopBuildDriver() : new CommandBuildDriver(),
    };
    return { module: BuilderModule, controllers: [BuildHandler, CiSetupHandler, InfraHandler], providers: [{ provide: BUILDER_CONFIG, useValue: config }, driver] };
  }
}
