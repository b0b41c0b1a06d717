import { Module, type DynamicModule } from '@nestjs/common';
import { BUILDER_CONFIG, type BuilderConfig } from './config/builder.config';
import { BuildHandler } from './handlers/build.handler';

@Module({})
export class BuilderModule {
  static register(config: BuilderConfig): DynamicModule {
    return { module: BuilderModule, controllers: [BuildHandler], providers: [{ provide: BUILDER_CONFIG, useValue: config }] };
  }
}
