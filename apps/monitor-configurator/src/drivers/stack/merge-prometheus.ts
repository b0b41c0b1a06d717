import { parse } from 'yaml';
import { durationMs, list, mapping, rebase, rebaseFileKeys, type AppliedSetup, type StackBase } from './stack-layout';
import { StackMergeError } from './stack.errors';

/** The job scraping Jetway's own services. Setup jobs are `<setup>/<job>`, so they can never clash with it. */
export const JETWAY_JOB = 'jetway';

/** A setup's job under its stack name: unique across setups, while its series keep `job="<job>"`. */
export function stackJobName(setup: string, job: string): string {
  return `${setup}/${job}`;
}

interface ParsedSetup {
  readonly setup: string;
  readonly where: string;
  readonly config: Record<string, unknown>;
}

/**
 * The stack's prometheus.yml (Prometheus 2.42 has no `scrape_config_files`): Jetway's own job, then
 * every setup's scrape jobs and rule files with their paths rebased onto the setup's directory.
 * Taken from a setup: `scrape_configs`, `rule_files` and its global intervals; `alerting` is the stack's.
 */
export function mergePrometheus(setups: readonly AppliedSetup[], base: StackBase): Record<string, unknown> {
  const parsed = setups.flatMap(({ setup, configs }): ParsedSetup[] => {
    if (configs.prometheus === undefined) return [];
    const where = `setups/${setup}/prometheus/prometheus.yml`;
    return [{ setup, where, config: mapping(parseYaml(configs.prometheus, where), where) }];
  });
  const intervals = [base.evaluationInterval ?? '15s', ...parsed.map((p) => mapping(p.config['global'], `${p.where} global`)['evaluation_interval'])];
  return {
    global: { scrape_interval: base.scrapeInterval ?? '15s', evaluation_interval: shortest(intervals) },
    alerting: { alertmanagers: [{ static_configs: [{ targets: [base.alertmanager] }] }] },
    rule_files: [...(base.ruleFiles ?? []), ...parsed.flatMap((p) => list(p.config['rule_files'], `${p.where} rule_files`).map((file) => rebase(p.setup, 'prometheus', String(file))))],
    scrape_configs: [...jetwayJob(base), ...parsed.flatMap(setupJobs)],
  };
}

function jetwayJob(base: StackBase): Record<string, unknown>[] {
  const targets = base.jetwayTargets ?? [];
  return targets.length === 0 ? [] : [{ job_name: JETWAY_JOB, static_configs: [{ targets: [...targets] }] }];
}

function setupJobs({ setup, where, config }: ParsedSetup): Record<string, unknown>[] {
  const global = mapping(config['global'], `${where} global`);
  return list(config['scrape_configs'], `${where} scrape_configs`).map((item, index) => {
    const job = mapping(item, `${where} scrape_configs[${index}]`);
    const name = job['job_name'];
    if (typeof name !== 'string' || name.length === 0) throw new StackMergeError(`${where} scrape_configs[${index}]: job_name is missing`);
    const rebased = mapping(
      rebaseFileKeys(job, (path) => rebase(setup, 'prometheus', path)),
      where,
    );
    return {
      ...defined({ scrape_interval: global['scrape_interval'], scrape_timeout: global['scrape_timeout'] }),
      ...rebased,
      job_name: stackJobName(setup, name),
      relabel_configs: [
        // Series keep the job name their setup's rules and dashboards were written for.
        { target_label: 'job', replacement: name },
        ...list(job['relabel_configs'], `${where} ${name} relabel_configs`),
        // Routing and verification read `setup`: every target of the setup carries it, whatever its generator did.
        { target_label: 'setup', replacement: setup },
      ],
    };
  });
}

function defined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

function shortest(intervals: readonly unknown[]): string {
  const valid = intervals.filter((interval): interval is string => durationMs(interval) !== undefined);
  return valid.reduce((best, next) => ((durationMs(next) ?? Infinity) < (durationMs(best) ?? Infinity) ? next : best), valid[0] ?? '15s');
}

export function parseYaml(text: string, where: string): unknown {
  try {
    return parse(text);
  } catch (cause) {
    throw new StackMergeError(`${where}: not valid YAML (${(cause as Error).message})`, { cause });
  }
}
