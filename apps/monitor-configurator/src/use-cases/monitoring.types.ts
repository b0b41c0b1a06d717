import type { Environment, MonitorTriggered } from '@jetway/contracts';

/** SLO targets of a release: availability (0..1) and the p99 latency bound in milliseconds. */
export type Slo = MonitorTriggered['slo'];

/** One scrape job: an application in one environment. */
export interface AppEnv {
  readonly application: string;
  readonly environment: Environment;
}

/** What the monitoring bundle is generated from. */
export interface MonitoringInput extends AppEnv {
  /** `host:port` of every instance of the release (Prometheus scrapes each one). */
  readonly targets: readonly string[];
  readonly slo: Slo;
}

export interface MonitoringOptions {
  /** Prometheus duration, e.g. `15s`. */
  readonly scrapeInterval: string;
  /** Prometheus duration, e.g. `15s`. */
  readonly evaluationInterval: string;
  /** Base of the runbook links put in alert annotations (`#error-budget-burn`, `#latency` are appended). */
  readonly runbookBaseUrl: string;
}

export const DEFAULT_MONITORING_OPTIONS: MonitoringOptions = {
  scrapeInterval: '15s',
  evaluationInterval: '15s',
  // Repository-relative until the project publishes its runbooks somewhere with a URL.
  runbookBaseUrl: 'docs/runbooks/slo.md',
};

/** `<app>-<env>`: the scrape job name and the base name of its targets and rules files. */
export function jobName(job: AppEnv): string {
  return `${job.application}-${job.environment}`;
}
