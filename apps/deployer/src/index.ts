import { startService, type ServiceHandle } from '@jetway/messaging';
import type { DeployerConfig } from './config/deployer.config';
import { DeployerModule } from './deployer.module';
import { ROLLOUT_STOP } from './handlers/tokens';

export { loadDeployerConfig, DeployerEnv } from './config/deployer.config';
export type { DeployerConfig } from './config/deployer.config';
/** The local platform's router process and what a stop of the whole mesh stops (the launcher, tests, benches). */
export { ProcessRouter, stopLocalPlatform, stopRouter } from './drivers/router';
export type { ProcessRouterOptions, RouterStats, RouterStatsAnswer, RouterStatsQuery, RouterReleaseWindow, StoppedPlatform } from './drivers/router';
/** The infrastructure stack store (KV jetway-infra): locks, applied configurations, changelogs (infrastructure/index.ts documents it). */
export { InfraStackStore, StackLock, StackRecord, ChangelogEntry } from './infrastructure';
/** Whether a pid is still the process it was: its kernel start time (the launcher's mesh lock uses it too). */
export { startTicksOf } from './drivers/local/instance-records';

/** Starts the deployer: gated rollouts on the local platform behind its router process (which outlives it). */
export async function startDeployer(config: DeployerConfig): Promise<ServiceHandle> {
  const handle = await startService({
    service: 'deployer',
    env: config,
    feature: DeployerModule.register(config),
    // A rollout paused for a person holds its delivery: room for several beside new deploys.
    server: { consumer: { concurrency: 16, ackWaitMs: 15_000 } },
  });
  // Rollouts give up waiting before the consumers wait for their handlers: a paused canary
  // would otherwise hold the stop forever. Their state stays in KV for the next deployer.
  const rollouts = handle.app.get<AbortController>(ROLLOUT_STOP);
  return { ...handle, stop: () => (rollouts.abort(), handle.stop()) };
}
