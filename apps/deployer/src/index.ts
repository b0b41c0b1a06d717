import { startService, type ServiceHandle } from '@jetway/messaging';
import type { DeployerConfig } from './config/deployer.config';
import { DeployerModule } from './deployer.module';

export { loadDeployerConfig, DeployerEnv } from './config/deployer.config';
export type { DeployerConfig } from './config/deployer.config';
/** Whether a pid is still the process it was: its kernel start time (the launcher's mesh lock uses it too). */
export { startTicksOf } from './drivers/local/instance-records';

/** Starts the deployer: gated rollouts on the local platform behind its own router. */
export function startDeployer(config: DeployerConfig): Promise<ServiceHandle> {
  return startService({
    service: 'deployer',
    env: config,
    feature: DeployerModule.register(config),
    server: { consumer: { concurrency: 4, ackWaitMs: 15_000 } },
  });
}
