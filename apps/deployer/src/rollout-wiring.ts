import type { EventPublisher, Mesh } from '@jetway/messaging';
import type { JsonLogger } from '@jetway/telemetry';
import { analysisProviderFor } from './drivers/analysis';
import { httpGetStatus } from './drivers/local';
import { KvRolloutStore } from './drivers/nats/kv-rollout-store.driver';
import { ProgressPublisher } from './drivers/nats/progress-publisher.driver';
import { ridingOut } from './drivers/nats/ride-out';
import type { RouterStats } from './drivers/router';
import { EngineAnalysis } from './drivers/rollout/engine-analysis.driver';
import type { KeyedQueue } from './handlers/keyed-queue';
import { ScaleDownSchedule, type RolloutDeps } from './strategies';
import type { DeployDeps } from './use-cases';

/** What the rollouts add to the deploy ports: their state, progress, analysis on the router's stats, the preview probe. */
export interface RolloutWiring {
  readonly mesh: Mesh;
  readonly publisher: EventPublisher;
  readonly queue: KeyedQueue;
  readonly logger: JsonLogger;
}

/**
 * The rollout ports over the deploy ports, and the scale-down timers of blue-green warm sets
 * (those a previous deployer left are scheduled again). `close()` clears the timers.
 */
export async function wireRollouts<D extends DeployDeps & { router: DeployDeps['router'] & RouterStats }>(
  base: D,
  { mesh, publisher, queue, logger }: RolloutWiring,
): Promise<D & RolloutDeps & { closeRollouts: () => void }> {
  const store = new KvRolloutStore(mesh);
  const schedule = new ScaleDownSchedule({ ...base, rollouts: store }, (key, task) => queue.run(key, task), (warm, error) =>
    logger.warn(`cannot scale down the warm set of ${warm.application}/${warm.environment}: ${error instanceof Error ? error.message : String(error)}`),
  );
  const warm = await schedule.resume().catch((error: unknown) => (logger.warn(`cannot read the warm sets: ${String(error)}`), 0));
  if (warm > 0) logger.info(`scheduled the scale-down of ${warm} warm set(s) a previous deployer kept`);
  const retrying = (message: string) => logger.warn(message);
  return {
    ...base,
    // What a rollout reads and writes between the processes it starts rides out an election (see ride-out.ts).
    releases: ridingOut('release store', base.releases, retrying),
    rollouts: ridingOut('rollout store', schedule.store(), retrying),
    progress: ridingOut('rollout progress', new ProgressPublisher(publisher), retrying),
    analysis: new EngineAnalysis((spec) => analysisProviderFor(spec, base.router)),
    httpGet: httpGetStatus,
    closeRollouts: () => schedule.close(),
  };
}
