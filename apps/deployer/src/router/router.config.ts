import { z } from 'zod';
import type { RouterProcessConfig } from './router-process';

/** The router process's environment; the deployer's driver sets it when it starts the router. */
export const RouterEnv = z.object({
  /** The deployer's data directory: the router's files are in `<it>/router/`. */
  JETWAY_DEPLOYER_DATA_DIR: z.string().min(1),
  /** Where the stable and preview URLs are served, on 127.0.0.1; 0 picks a free port. */
  JETWAY_ROUTER_PORT: z.coerce.number().int().min(0).max(65535).default(8480),
  /** Bound on one proxied request; the client gets 504 beyond it. */
  JETWAY_ROUTER_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** How long a graceful stop (SIGTERM) lets requests in flight finish. */
  JETWAY_ROUTER_STOP_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
});

/** The only place the router process reads process.env; a bad value names the variable. */
export function loadRouterConfig(env: NodeJS.ProcessEnv): RouterProcessConfig {
  const parsed = RouterEnv.safeParse(env);
  if (!parsed.success) {
    throw new Error(`router configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const c = parsed.data;
  return { dataDir: c.JETWAY_DEPLOYER_DATA_DIR, port: c.JETWAY_ROUTER_PORT, upstreamTimeoutMs: c.JETWAY_ROUTER_UPSTREAM_TIMEOUT_MS, stopGraceMs: c.JETWAY_ROUTER_STOP_GRACE_MS };
}
