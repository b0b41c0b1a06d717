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
  /**
   * How long the next deploy of an (application, environment) waits for the verify of the release
   * the deploy before it put there (`VerifyHolds`): a verify that has not come by then (its run
   * failed or was cancelled before it) no longer holds the environment. The verify kind's default
   * deadline is 120 s.
   */
  JETWAY_VERIFY_HOLD_MS: z.coerce.number().int().min(0).default(120_000),
  /** The `terraform` or `tofu` the infrastructure steps run (a path, or a name on PATH); unset: the first of terraform, tofu on PATH. */
  JETWAY_TERRAFORM_BIN: z.string().min(1).optional(),
  /**
   * Variables added to the deployer's environment for Terraform commands only, as a JSON object
   * of strings: provider credentials, TF_VAR_*, or a test's stand-in settings (TF_STANDIN_*).
   */
  JETWAY_TERRAFORM_ENV: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text.trim() === '') return {};
      try {
        return z.record(z.string(), z.string()).parse(JSON.parse(text));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object of strings, e.g. {"TF_VAR_region":"eu-west-1"}' });
        return z.NEVER;
      }
    }),
});
export type DeployerConfig = z.infer<typeof DeployerEnv>;

export const DEPLOYER_CONFIG = Symbol('jetway.deployer.config');

/** The only place the deployer reads process.env. */
export function loadDeployerConfig(env: NodeJS.ProcessEnv = process.env): DeployerConfig {
  return loadEnv(DeployerEnv, env);
}
