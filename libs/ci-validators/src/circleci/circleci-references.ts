import type { ValidatorFinding } from '../types';
import { isRecord, type YamlPath, type YamlSource } from '../common/yaml-source';

/** Steps CircleCI itself provides; any other step name is a command of this config or of an orb. */
const BUILT_IN_STEPS = new Set([
  'run', 'checkout', 'setup_remote_docker', 'save_cache', 'restore_cache', 'store_artifacts', 'store_test_results',
  'persist_to_workspace', 'attach_workspace', 'add_ssh_keys', 'when', 'unless', 'deploy',
]);

interface Context {
  source: YamlSource;
  names: (section: string) => Set<string>;
  orbs: Set<string>;
  findings: ValidatorFinding[];
}

/**
 * What CircleCI checks when it compiles the config and its schema cannot: every workflow job is
 * defined in `jobs` (or comes from a declared orb, or is an approval), every `requires` names a
 * job of the same workflow, and every executor, command and orb a job uses exists.
 */
export function circleciReferenceFindings(source: YamlSource): ValidatorFinding[] {
  const config = source.data;
  if (!isRecord(config)) return [{ message: 'the configuration is not a mapping' }];
  const section = (name: string) => (isRecord(config[name]) ? config[name] : {});
  const context: Context = { source, names: (name) => new Set(Object.keys(section(name))), orbs: new Set(Object.keys(section('orbs'))), findings: [] };
  for (const [name, job] of Object.entries(section('jobs'))) checkJob(context, name, job);
  for (const [name, command] of Object.entries(section('commands'))) {
    if (isRecord(command)) checkSteps(context, ['commands', name, 'steps'], command['steps']);
  }
  for (const [name, workflow] of Object.entries(section('workflows'))) {
    if (isRecord(workflow)) checkWorkflow(context, name, workflow);
  }
  return context.findings;
}

function report(context: Context, path: YamlPath, message: string): void {
  const line = context.source.lineOf(path);
  context.findings.push({ message, ...(line === undefined ? {} : { line }) });
}

/** `orb/thing` needs `orb` in `orbs`; a plain name needs to be in the config's own section. */
function checkName(context: Context, path: YamlPath, kind: string, section: string, name: string): void {
  const slash = name.indexOf('/');
  if (slash !== -1) {
    const orb = name.slice(0, slash);
    if (!context.orbs.has(orb)) report(context, path, `${kind} '${name}' comes from orb '${orb}', which is not declared in orbs`);
  } else if (!context.names(section).has(name)) {
    report(context, path, `${kind} '${name}' is not defined in ${section}`);
  }
}

function checkJob(context: Context, name: string, job: unknown): void {
  if (!isRecord(job)) return;
  const executor = job['executor'];
  const executorName = typeof executor === 'string' ? executor : isRecord(executor) && typeof executor['name'] === 'string' ? executor['name'] : undefined;
  if (executorName !== undefined) checkName(context, ['jobs', name, 'executor'], `job ${name}: executor`, 'executors', executorName);
  checkSteps(context, ['jobs', name, 'steps'], job['steps']);
}

function checkSteps(context: Context, path: YamlPath, steps: unknown): void {
  if (!Array.isArray(steps)) return;
  steps.forEach((step, i) => {
    const name = typeof step === 'string' ? step : isRecord(step) && Object.keys(step).length === 1 ? Object.keys(step)[0] : undefined;
    if (name === undefined || BUILT_IN_STEPS.has(name)) {
      // `when`/`unless` hold steps of their own
      const nested = isRecord(step) && name !== undefined && isRecord(step[name]) ? (step[name] as Record<string, unknown>)['steps'] : undefined;
      if (nested !== undefined && name !== undefined) checkSteps(context, [...path, i, name, 'steps'], nested);
      return;
    }
    checkName(context, [...path, i], `${path.join('.')}[${i}]: command`, 'commands', name);
  });
}

function checkWorkflow(context: Context, workflow: string, spec: Record<string, unknown>): void {
  const entries = Array.isArray(spec['jobs']) ? spec['jobs'] : [];
  const invocations = entries.flatMap((entry, i) => {
    if (typeof entry === 'string') return [{ job: entry, alias: entry, settings: {} as Record<string, unknown>, i }];
    if (!isRecord(entry)) return [];
    return Object.entries(entry).map(([job, raw]) => {
      const settings = isRecord(raw) ? raw : {};
      return { job, alias: typeof settings['name'] === 'string' ? settings['name'] : job, settings, i };
    });
  });
  const known = new Set(invocations.flatMap(({ job, alias }) => [job, alias]));
  for (const { job, settings, i } of invocations) {
    const path = ['workflows', workflow, 'jobs', i];
    if (settings['type'] !== 'approval') checkName(context, path, `workflow ${workflow}: job`, 'jobs', job);
    const requires = Array.isArray(settings['requires']) ? settings['requires'] : [];
    requires.forEach((required, r) => {
      // `requires: [{ build: failed }]` (status form) names the job by its key
      const names = typeof required === 'string' ? [required] : isRecord(required) ? Object.keys(required) : [];
      for (const name of names) {
        if (!known.has(name) && !known.has(name.replace(/-<<.*$/, ''))) {
          report(context, [...path, job, 'requires', r], `workflow ${workflow}: job ${job} requires '${name}', which is not a job of this workflow`);
        }
      }
    });
  }
}
