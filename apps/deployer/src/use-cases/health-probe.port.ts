import type { HealthCheck } from '@jetway/contracts';

export type HealthResult = { healthy: true } | { healthy: false; reason: string };

/** Decides whether one instance is healthy, following the request's health check settings. */
export interface HealthProbe {
  /**
   * Probes `baseUrl + check.path` after `check.initial_delay`, every `check.interval`, each
   * probe bounded by `check.timeout` (all seconds). Healthy after `success_threshold`
   * consecutive 2xx answers; unhealthy after `failure_threshold` consecutive failures or when
   * `deadlineMs` (milliseconds from the call) runs out, or at once when `signal` aborts (the
   * caller no longer needs the answer). Never throws: the reason names the URL and the last
   * status or error.
   */
  waitHealthy(baseUrl: string, check: HealthCheck, deadlineMs: number, signal?: AbortSignal): Promise<HealthResult>;
}
