import { join } from 'node:path';
import { z } from 'zod';
import { loadEnv, MeshEnv } from '@jetway/messaging';

export const DeployerEnv = MeshEnv.extend({
  /** Releases, downloaded artifacts and instance logs of the local platform. */
  JETWAY_DEPLOYER_DATA_DIR: z.string().min(1).default(join(process.cwd(), '.jetway', 'deployer')),
  /** Port of the deployer's HTTP router (stable URL per app and environment); 0 picks a free one. */
  JETWAY_ROUTER_PORT: z.coerce.number().int().min(0).max(65535).default(8480),
  /**
   * Where releases run: `local` (processes on this machine, behind the deployer's router) or
   * `noop` (nothing is started and every instance is healthy: for benchmarking the mesh).
   */
  JETWAY_DEPLOYER_RUNTIME: z.enum(['local', 'noop']).default('local'),
  /** How long new instances have to turn healthy before the deploy rolls back. */
  JETWAY_HEALTH_DEADLINE_MS: z.coerce.number().int().positive().default(60_000),
});
export type DeployerConfig = z.infer<typeof DeployerEnv>;

export const DEPLOYER_CONFIG = Symbol('jetway.deployer.config');

/** The only place the deployer reads process.env. */
export function loadDeployerConfig(env: NodeJS.ProcessEnv = process.env): DeployerConfig {
  return loadEnv(DeployerEnv, env);
}
