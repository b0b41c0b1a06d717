import { startService, type ServiceHandle } from '@jetway/messaging';
import { BuilderModule } from './builder.module';
import type { BuilderConfig } from './config/builder.config';

export { loadBuilderConfig, BuilderEnv } from './config/builder.config';
export type { BuilderConfig } from './config/builder.config';
// Issue 11 (not wired yet): the Terraform generator, for the infrastructure pipeline's generate step and its e2e checks.
export { generateTerraform } from './infrastructure/generate/generate-terraform';
// Issue 11: the infra-generate step's bundle — its format (open it with unpackFiles(INFRA_BUNDLE_FORMAT, …)), its manifest, and the use case for e2e checks.
export { INFRA_BUNDLE_FORMAT, STACK_MANIFEST_PATH, type StackManifest } from './infrastructure/infra-bundle';
export { generateInfrastructure, type GenerateInfrastructureDeps } from './infrastructure/generate-infrastructure.use-case';
// Issue 11: the CI/CD setup's infrastructure (Terraform under infrastructure/ of the CI bundle), for its e2e checks against the scanner.
export { generateCiInfrastructure, CI_INFRASTRUCTURE_DIR } from './infrastructure/generate/ci/ci-infrastructure';

/** Starts the builder: source → build command → tar.gz artifact in the Object Store. */
export function startBuilder(config: BuilderConfig): Promise<ServiceHandle> {
  // Builds take long: a generous ack wait, kept alive by working() heartbeats; few at a time.
  return startService({ service: 'builder', env: config, feature: BuilderModule.register(config), server: { consumer: { concurrency: 2, ackWaitMs: 15_000 } } });
}
