import { join } from 'node:path';
import { z } from 'zod';
import { loadEnv, MeshEnv } from '@jetway/messaging';

const HostPort = z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'must be host:port');

export const MonitorConfiguratorEnv = MeshEnv.extend({
  /**
   * The monitoring stack's directory: its merged configs and every applied setup under `setups/`.
   * Without a stack, the monitor step writes each release's checked bundle there too (not applied).
   */
  JETWAY_STACK_DIR: z.string().min(1).default(join(process.cwd(), '.jetway', 'stack')),
  /** The stack's servers (all three, or none: without them, apply and verify fail saying so). */
  JETWAY_PROMETHEUS_URL: z.url().optional(),
  JETWAY_ALERTMANAGER_URL: z.url().optional(),
  JETWAY_BLACKBOX_URL: z.url().optional(),
  /** Jetway's own services' `host:port` (comma-separated), scraped by the stack as job `jetway`. */
  JETWAY_STACK_JETWAY_TARGETS: z
    .string()
    .default('')
    .transform((list) => list.split(',').map((t) => t.trim()).filter(Boolean))
    .pipe(z.array(HostPort)),
  /** Rule files (comma-separated globs, as Prometheus sees them) the stack keeps loading besides the setups': Jetway's own rules in compose. */
  JETWAY_STACK_RULE_FILES: z
    .string()
    .default('')
    .transform((list) => list.split(',').map((t) => t.trim()).filter(Boolean)),
  /** Where people open the runbook pages (alerts link `<url>/<setup>/…`), when not at the ingress' own address: compose's `http://localhost:9099/runbooks`. */
  JETWAY_RUNBOOKS_URL: z.url().optional(),
  /** Where dashboards are opened: alerts' `dashboard_url` and the runbooks link to `<url>/d/<uid>`. */
  JETWAY_GRAFANA_URL: z.url().default('http://localhost:3000'),
  /**
   * The alert ingress (Alertmanager's webhook and the runbook pages): its interface and port. 0
   * picks a free one, which suits tests; a mesh that keeps applied setups across restarts must fix
   * it (npm start does), since Alertmanager's config names the ingress' URL.
   */
  JETWAY_ALERT_INGRESS_HOST: z.string().min(1).default('127.0.0.1'),
  JETWAY_ALERT_INGRESS_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** How long the verify step waits for every target up and every rule group loaded. */
  JETWAY_SETUP_VERIFY_SECONDS: z.coerce.number().positive().max(3600).default(60),
}).superRefine((env, ctx) => {
  const stack = [env.JETWAY_PROMETHEUS_URL, env.JETWAY_ALERTMANAGER_URL, env.JETWAY_BLACKBOX_URL];
  if (stack.some(Boolean) && !stack.every(Boolean)) {
    ctx.addIssue({ code: 'custom', path: ['JETWAY_PROMETHEUS_URL'], message: 'set all three of JETWAY_PROMETHEUS_URL, JETWAY_ALERTMANAGER_URL and JETWAY_BLACKBOX_URL, or none', input: undefined });
  }
});
export type MonitorConfiguratorConfig = z.infer<typeof MonitorConfiguratorEnv>;

/** The only place the monitor-configurator reads process.env. */
export function loadMonitorConfiguratorConfig(env: NodeJS.ProcessEnv = process.env): MonitorConfiguratorConfig {
  return loadEnv(MonitorConfiguratorEnv, env);
}
