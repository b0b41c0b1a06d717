import type { ValidatorFinding } from '../types';
import { isRecord, type YamlSource } from '../common/yaml-source';

/** Top-level keys that are settings, not jobs (GitLab's `.gitlab-ci.yml` keyword reference). */
const GLOBAL_KEYS = new Set(['default', 'include', 'stages', 'variables', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script', 'spec', '$schema']);
/** When `stages` is not given. `.pre` and `.post` exist in every pipeline. */
const DEFAULT_STAGES = ['build', 'test', 'deploy'];
/** GitLab stops resolving `extends` beyond this many levels. */
const MAX_EXTENDS_DEPTH = 11;

type Job = Record<string, unknown>;

/**
 * What GitLab checks when it creates the pipeline and a schema cannot: every `needs` and
 * `dependencies` names a job that exists (in this or an earlier stage), every job's stage is
 * declared in `stages`, every `extends` target exists (without cycles), and `include: local`
 * files are in the bundle, and every job has something to run. Cross-project and parent-pipeline needs are not checked (they are
 * elsewhere). `bundle` holds the paths of the files generated with this one.
 */
export function gitlabReferenceFindings(source: YamlSource, bundle: ReadonlySet<string>): ValidatorFinding[] {
  const config = source.data;
  if (!isRecord(config)) return [{ message: 'the configuration is not a mapping of jobs' }];
  const jobs = new Map(Object.entries(config).filter(([name, job]) => !GLOBAL_KEYS.has(name) && isRecord(job)) as Array<[string, Job]>);
  const stages = ['.pre', ...(Array.isArray(config['stages']) ? config['stages'].map(String) : DEFAULT_STAGES), '.post'];
  const findings: ValidatorFinding[] = [...includeFindings(config['include'], bundle, source)];
  for (const name of jobs.keys()) {
    const at = (key: string) => source.keyLineOf([name], key);
    const resolved = resolveExtends(name, jobs);
    if ('error' in resolved) {
      findings.push({ message: `${name}: ${resolved.error}`, line: at('extends') });
      continue;
    }
    if (name.startsWith('.')) continue; // hidden jobs are templates: they never run
    if (!['script', 'trigger', 'run'].some((key) => key in resolved.job)) {
      findings.push({ message: `${name}: a job needs script, run or trigger (GitLab refuses the pipeline)`, line: source.keyLineOf([], name) });
    }
    const stage = stageOf(resolved.job);
    const stageIndex = stages.indexOf(stage);
    if (stageIndex === -1) findings.push({ message: `${name}: stage '${stage}' is not in stages (${stages.join(', ')})`, line: at('stage') });
    for (const { ref, optional } of needsOf(resolved.job['needs'])) {
      const message = checkReference(name, 'needs', ref, jobs, stages, stageIndex);
      if (message && !(optional && !jobs.has(ref))) findings.push({ message, line: at('needs') });
    }
    for (const ref of Array.isArray(resolved.job['dependencies']) ? resolved.job['dependencies'].map(String) : []) {
      const message = checkReference(name, 'dependencies', ref, jobs, stages, stageIndex);
      if (message) findings.push({ message, line: at('dependencies') });
    }
  }
  return findings;
}

function checkReference(name: string, key: string, ref: string, jobs: ReadonlyMap<string, Job>, stages: string[], stageIndex: number): string | undefined {
  const target = jobs.get(ref);
  if (!target || ref.startsWith('.')) return `${name}: ${key} '${ref}', which is not a job of this pipeline`;
  const resolved = resolveExtends(ref, jobs);
  const targetStage = 'job' in resolved ? stageOf(resolved.job) : undefined;
  if (targetStage !== undefined && stageIndex !== -1 && stages.indexOf(targetStage) > stageIndex) {
    return `${name}: ${key} '${ref}', which runs in a later stage (${targetStage})`;
  }
  return undefined;
}

function stageOf(job: Job): string {
  return typeof job['stage'] === 'string' ? job['stage'] : 'test';
}

/** `needs: [a, { job: b, optional: true }]`; entries naming a `project` or `pipeline` are elsewhere. */
function needsOf(needs: unknown): Array<{ ref: string; optional: boolean }> {
  if (!Array.isArray(needs)) return [];
  return needs.flatMap((need) => {
    if (typeof need === 'string') return [{ ref: need, optional: false }];
    if (!isRecord(need) || typeof need['job'] !== 'string' || 'project' in need || 'pipeline' in need) return [];
    return [{ ref: need['job'], optional: need['optional'] === true }];
  });
}

/** The job with its `extends` chain merged in (later targets win, the job's own keys last). */
function resolveExtends(name: string, jobs: ReadonlyMap<string, Job>, seen: readonly string[] = []): { job: Job } | { error: string } {
  const job = jobs.get(name) ?? {};
  if (seen.includes(name)) return { error: `extends loops: ${[...seen, name].join(' → ')}` };
  if (seen.length > MAX_EXTENDS_DEPTH) return { error: `extends nests deeper than GitLab's ${MAX_EXTENDS_DEPTH} levels` };
  const targets = typeof job['extends'] === 'string' ? [job['extends']] : Array.isArray(job['extends']) ? job['extends'].map(String) : [];
  let merged: Job = {};
  for (const target of targets) {
    if (!jobs.has(target)) return { error: `extends '${target}', which is not defined in this file` };
    const parent = resolveExtends(target, jobs, [...seen, name]);
    if ('error' in parent) return parent;
    merged = { ...merged, ...parent.job };
  }
  return { job: { ...merged, ...job } };
}

/** `include: local` files must be in the bundle; other includes live elsewhere and are not followed. */
function includeFindings(include: unknown, bundle: ReadonlySet<string>, source: YamlSource): ValidatorFinding[] {
  const items = Array.isArray(include) ? include : include === undefined ? [] : [include];
  return items.flatMap((item, i) => {
    const local = typeof item === 'string' && !/^https?:/.test(item) ? item : isRecord(item) && typeof item['local'] === 'string' ? item['local'] : undefined;
    if (local === undefined || local.includes('*') || bundle.has(local.replace(/^\//, ''))) return [];
    const line = source.lineOf(Array.isArray(include) ? ['include', i] : ['include']);
    return [{ message: `include: local file '${local}' is not in the bundle`, ...(line === undefined ? {} : { line }) }];
  });
}
