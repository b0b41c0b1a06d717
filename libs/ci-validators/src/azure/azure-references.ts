import { posix } from 'node:path';
import type { ValidatorFinding } from '../types';
import { isRecord, type YamlPath, type YamlSource } from '../common/yaml-source';

interface Context {
  source: YamlSource;
  file: string;
  bundle: ReadonlySet<string>;
  repositories: Set<string>;
  findings: ValidatorFinding[];
}

/**
 * What Azure Pipelines checks when it expands the pipeline and the schema cannot: every stage's
 * `dependsOn` names a stage of the pipeline, every job's `dependsOn` a job of the same stage (or
 * pipeline), names are unique, and every `template:` it references is in the bundle — a template
 * from another repository (`path@alias`) cannot be checked offline and is flagged as such.
 * Template expressions (`${{ }}` keys) are not expanded.
 */
export function azureReferenceFindings(source: YamlSource, file: string, bundle: ReadonlySet<string>): ValidatorFinding[] {
  const pipeline = source.data;
  if (pipeline === null || pipeline === undefined || pipeline === '') return [];
  if (!isRecord(pipeline)) return [{ message: 'the pipeline is not a mapping' }];
  const resources = isRecord(pipeline['resources']) ? pipeline['resources'] : {};
  const repositories = new Set(
    (Array.isArray(resources['repositories']) ? resources['repositories'] : []).flatMap((r) => (isRecord(r) && typeof r['repository'] === 'string' ? [r['repository']] : [])),
  );
  const context: Context = { source, file, bundle, repositories, findings: [] };
  if (isRecord(pipeline['extends'])) checkTemplate(context, ['extends', 'template'], pipeline['extends']['template']);
  if (Array.isArray(pipeline['stages'])) checkStages(context, pipeline['stages']);
  if (Array.isArray(pipeline['jobs'])) checkJobs(context, ['jobs'], pipeline['jobs']);
  if (Array.isArray(pipeline['steps'])) checkSteps(context, ['steps'], pipeline['steps']);
  return context.findings;
}

function report(context: Context, path: YamlPath, message: string): void {
  const line = context.source.lineOf(path);
  context.findings.push({ message, ...(line === undefined ? {} : { line }) });
}

function dependsOn(value: unknown): string[] {
  return typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Names declared by a list of stages or jobs (`stage:`, `job:`, `deployment:`), with duplicates reported. */
function names(context: Context, path: YamlPath, items: unknown[], keys: readonly string[], what: string): Set<string> {
  const declared = new Set<string>();
  items.forEach((item, i) => {
    const key = keys.find((k) => isRecord(item) && typeof item[k] === 'string');
    if (!key || !isRecord(item)) return;
    const name = item[key] as string;
    if (declared.has(name)) report(context, [...path, i, key], `${what} '${name}' is declared twice`);
    declared.add(name);
  });
  return declared;
}

function checkStages(context: Context, stages: unknown[]): void {
  const declared = names(context, ['stages'], stages, ['stage'], 'stage');
  stages.forEach((stage, i) => {
    if (!isRecord(stage)) return;
    if ('template' in stage) return checkTemplate(context, ['stages', i, 'template'], stage['template']);
    for (const name of dependsOn(stage['dependsOn'])) {
      if (!declared.has(name)) report(context, ['stages', i, 'dependsOn'], `stage ${String(stage['stage'])}: dependsOn '${name}', which is not a stage of this pipeline`);
    }
    if (Array.isArray(stage['jobs'])) checkJobs(context, ['stages', i, 'jobs'], stage['jobs']);
  });
}

function checkJobs(context: Context, path: YamlPath, jobs: unknown[]): void {
  const declared = names(context, path, jobs, ['job', 'deployment'], 'job');
  jobs.forEach((job, i) => {
    if (!isRecord(job)) return;
    if ('template' in job) return checkTemplate(context, [...path, i, 'template'], job['template']);
    const name = String(job['job'] ?? job['deployment']);
    for (const needed of dependsOn(job['dependsOn'])) {
      if (!declared.has(needed)) report(context, [...path, i, 'dependsOn'], `job ${name}: dependsOn '${needed}', which is not a job of ${path.length > 1 ? 'this stage' : 'this pipeline'}`);
    }
    if (Array.isArray(job['steps'])) checkSteps(context, [...path, i, 'steps'], job['steps']);
    const strategy = isRecord(job['strategy']) ? job['strategy'] : {};
    for (const [name, phase] of Object.entries(strategy)) {
      if (!isRecord(phase)) continue;
      for (const [hook, body] of Object.entries(phase)) {
        if (isRecord(body) && Array.isArray(body['steps'])) checkSteps(context, [...path, i, 'strategy', name, hook, 'steps'], body['steps']);
      }
    }
  });
}

function checkSteps(context: Context, path: YamlPath, steps: unknown[]): void {
  steps.forEach((step, i) => {
    if (isRecord(step) && 'template' in step) checkTemplate(context, [...path, i, 'template'], step['template']);
  });
}

/** A template path is relative to the file that references it; `/x.yml` is relative to the repository root. */
function checkTemplate(context: Context, path: YamlPath, template: unknown): void {
  if (typeof template !== 'string' || template.includes('${{')) return;
  const at = template.lastIndexOf('@');
  const alias = at === -1 ? 'self' : template.slice(at + 1);
  if (alias !== 'self') {
    const known = context.repositories.has(alias);
    report(context, path, known ? `template '${template}' is in repository '${alias}': not checked offline` : `template '${template}' names repository '${alias}', which is not in resources.repositories`);
    return;
  }
  const local = at === -1 ? template : template.slice(0, at);
  const resolved = local.startsWith('/') ? local.slice(1) : posix.normalize(posix.join(posix.dirname(context.file), local));
  if (!context.bundle.has(resolved)) report(context, path, `template '${template}' (${resolved}) is not in the bundle`);
}
