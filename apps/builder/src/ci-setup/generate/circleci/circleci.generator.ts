import type { GeneratedCiFile, PipelineModel } from '../model/pipeline-model';
import { branchPrefix } from '../model/triggers';
import { generatedHeader, renderYaml } from '../yaml-document';
import { buildJob, containerScanJob, deployJob, notifyCommands, NOTIFY_FAILURE, NOTIFY_SUCCESS, packageJob, testJob, toolJob, type Json } from './circleci-jobs';

export const CIRCLECI_PATH = '.circleci/config.yml';

/** `release/*` → `/release\/.*\/`; a plain name stays. */
function branchFilter(patterns: readonly string[]): Json {
  const only = patterns.map((pattern) => {
    const prefix = branchPrefix(pattern);
    return prefix ? `/${prefix.replace(/\//g, '\\/')}.*/` : pattern;
  });
  return { branches: { only } };
}

interface Workflow {
  jobs: Record<string, Json>;
  entries: Json[];
}

function add(flow: Workflow, name: string, job: Json | undefined, entry: Json = {}): void {
  if (job) flow.jobs[name] = job;
  flow.entries.push(Object.keys(entry).length === 0 ? (name as unknown as Json) : { [name]: entry });
}

function ciJobs(model: PipelineModel, flow: Workflow): string[] {
  for (const component of model.components) {
    const matrix = component.versions.length > 1 ? { matrix: { parameters: { version: [...component.versions] } } } : {};
    add(flow, `build-${component.id}`, buildJob(component), matrix);
  }
  for (const component of model.components) add(flow, `test-${component.id}`, testJob(component, model.coverageThreshold), { requires: [`build-${component.id}`] });
  const gates = model.components.map((component) => `test-${component.id}`);
  if (model.security) {
    for (const tool of [model.security.secrets, model.security.dependencies, model.security.sast]) add(flow, tool.id, toolJob(tool));
    gates.push(model.security.secrets.id, model.security.dependencies.id, model.security.sast.id);
  }
  return gates;
}

function imageJobs(model: PipelineModel, flow: Workflow, gates: readonly string[]): string[] {
  return model.images.map((image) => {
    const id = image.component.id;
    add(flow, `package-${id}`, packageJob(image), { requires: [...gates] });
    if (!image.scan) return `package-${id}`;
    add(flow, `container-scan-${id}`, containerScanJob(image.scan), { requires: [`package-${id}`] });
    return `container-scan-${id}`;
  });
}

function deployJobs(model: PipelineModel, flow: Workflow, ready: readonly string[]): void {
  for (const deploy of model.deploys) {
    const env = deploy.environment;
    const filters = branchFilter(deploy.branches);
    let requires = deploy.after ? [...ready, `deploy-${deploy.after}`] : [...ready];
    if (deploy.gated) {
      add(flow, `approve-${env}`, undefined, { type: 'approval', requires, filters });
      requires = [`approve-${env}`];
    }
    add(flow, `deploy-${env}`, deployJob(deploy), { requires, context: [`${model.application}-${env}`], filters });
  }
}

/** The jobs nothing else waits for end the workflow: they report success. */
function markFinalJobs(flow: Workflow): void {
  const required = new Set(flow.entries.flatMap((entry) => (typeof entry === 'string' ? [] : Object.values(entry).flatMap((value) => ((value as Json)['requires'] as string[] | undefined) ?? []))));
  for (const [name, job] of Object.entries(flow.jobs)) {
    if (required.has(name)) continue;
    const steps = job['steps'] as unknown[];
    job['steps'] = [...steps.slice(0, -1), NOTIFY_SUCCESS, NOTIFY_FAILURE];
  }
}

export function circleciConfig(model: PipelineModel): Json {
  const flow: Workflow = { jobs: {}, entries: [] };
  const gates = ciJobs(model, flow);
  const images = imageJobs(model, flow, gates);
  deployJobs(model, flow, images.length > 0 ? images : gates);
  markFinalJobs(flow);
  return { version: 2.1, commands: notifyCommands(model.notify.command), jobs: flow.jobs, workflows: { 'ci-cd': { jobs: flow.entries } } };
}

export function generateCircleci(model: PipelineModel): GeneratedCiFile[] {
  return [{ path: CIRCLECI_PATH, platform: 'circleci', content: renderYaml(circleciConfig(model), { header: generatedHeader(model.application, 'CircleCI') }) }];
}
