import type { ConfigDir } from './config-dir.port';
import { fileSdTargets } from './file-sd.generator';
import { DEFAULT_MONITORING_OPTIONS, type MonitoringInput, type MonitoringOptions, jobName } from './monitoring.types';
import { jobsFromTargetFiles, prometheusConfig } from './prometheus-config.generator';
import { sloRules } from './slo-rules.generator';

export interface MonitoringBundle {
  /** Absolute paths of the bundle's files, in write order. */
  readonly files: string[];
  /** Whether any file's content changed (else Prometheus need not reload). */
  readonly changed: boolean;
}

// prometheus.yml is regenerated from the targets directory; two configurations running at
// once in this process could each list it before the other's targets file exists and drop a
// job. Serialising per directory prevents that (replicas converge on the next configuration).
const queues = new WeakMap<ConfigDir, Promise<unknown>>();

/**
 * Writes the monitoring bundle of one release: its file_sd targets, its SLO rules, then
 * `prometheus.yml` listing every (app, env) that has a targets file — last, so a reloading
 * Prometheus never points at files that do not exist yet. Idempotent: same input, same files.
 */
export function configureMonitoring(
  input: MonitoringInput,
  dir: ConfigDir,
  options: MonitoringOptions = DEFAULT_MONITORING_OPTIONS,
): Promise<MonitoringBundle> {
  const previous = queues.get(dir) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => writeBundle(input, dir, options));
  queues.set(dir, next);
  return next;
}

async function writeBundle(input: MonitoringInput, dir: ConfigDir, options: MonitoringOptions): Promise<MonitoringBundle> {
  const name = jobName(input);
  const targets = await dir.write(`targets/${name}.json`, fileSdTargets(input));
  const rules = await dir.write(`rules/${name}.yml`, sloRules(input, options));
  const jobs = jobsFromTargetFiles(await dir.list('targets'));
  const config = await dir.write('prometheus.yml', prometheusConfig(jobs, options));
  return { files: [targets.path, rules.path, config.path], changed: targets.changed || rules.changed || config.changed };
}
