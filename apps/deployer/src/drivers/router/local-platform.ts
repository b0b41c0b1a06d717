import { ProcessRuntime } from '../local/process-runtime.driver';
import { stopRouter } from './router-launch';

/** What `stopLocalPlatform` stopped. */
export interface StoppedPlatform {
  /** The router process's pid, when one ran. */
  readonly router?: number;
  /** Ids of the instances stopped. */
  readonly instances: readonly string[];
}

/**
 * Stops what the local platform of a deployer data directory runs outside the deployer — the
 * router process first (no new request is accepted; those in flight finish), then every recorded
 * instance that still runs. For a stop of the whole mesh (the launcher's Ctrl-C, test teardown):
 * a deployer's own stop leaves both serving, and the next deployer restores the recorded
 * releases after this.
 */
export async function stopLocalPlatform(dataDir: string, graceMs = 10_000): Promise<StoppedPlatform> {
  const router = await stopRouter(dataDir, graceMs + 5_000);
  const runtime = new ProcessRuntime({ dataDir, stopGraceMs: graceMs });
  const instances = runtime.adoptSurvivors();
  await runtime.stopAll();
  return { ...(router !== undefined ? { router } : {}), instances: instances.map((i) => i.id) };
}
