import type { GeneratedCiFile, PipelineModel } from '../model/pipeline-model';
import { generatedHeader, renderYaml } from '../yaml-document';
import { branchCondition, buildJob, containerScanJob, deployJobs, packageJob, testJob, toolJob, type Json } from './gitlab-jobs';

export const GITLAB_CI_PATH = '.gitlab-ci.yml';

/** Merge requests to the strategy's branches and pushes to its branches; a push with an open merge request runs once (as the merge request). */
function workflowRules(model: PipelineModel): Json[] {
  const targets = model.triggers.pullRequest.map((branch) => `$CI_MERGE_REQUEST_TARGET_BRANCH_NAME == "${branch}"`).join(' || ');
  return [
    { if: `$CI_PIPELINE_SOURCE == "merge_request_event" && (${targets})` },
    { if: '$CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS', when: 'never' },
    { if: branchCondition(model.triggers.push) },
  ];
}

function stagesOf(model: PipelineModel): string[] {
  const stages = ['build', 'test'];
  if (model.security) stages.push('security');
  if (model.images.length > 0) stages.push('package');
  if (model.images.some((image) => image.scan)) stages.push('container-scan');
  for (const deploy of model.deploys) stages.push(`deploy-${deploy.environment}`, `smoke-${deploy.environment}`, `rollback-${deploy.environment}`);
  stages.push('notify');
  return stages;
}

function securityJobs(model: PipelineModel, jobs: Record<string, Json>): string[] {
  if (!model.security) return [];
  const { secrets, dependencies, sast } = model.security;
  for (const tool of [secrets, dependencies, sast]) jobs[tool.id] = toolJob(tool, 'security', { needs: [] });
  return [secrets.id, dependencies.id, sast.id];
}

function imageJobs(model: PipelineModel, jobs: Record<string, Json>, gates: readonly string[]): string[] {
  return model.images.map((image) => {
    const id = image.component.id;
    jobs[`package-${id}`] = packageJob(image, gates);
    if (!image.scan) return `package-${id}`;
    jobs[`container-scan-${id}`] = containerScanJob(image, image.scan);
    return `container-scan-${id}`;
  });
}

/** Outcome notifications: one job for success, one for failure (GitLab's `when:` decides which runs). */
function notifyJobs(model: PipelineModel): Record<string, Json> {
  const job = (status: string, when: string): Json => ({
    stage: 'notify',
    image: { name: 'curlimages/curl:8.10.1', entrypoint: [''] },
    variables: { PIPELINE_STATUS: status, PIPELINE_URL: '$CI_PIPELINE_URL' },
    rules: [{ when }],
    script: model.notify.command.split('\n'),
  });
  return { 'notify-success': job('succeeded', 'on_success'), 'notify-failure': job('failed', 'on_failure') };
}

export function gitlabPipeline(model: PipelineModel): Json {
  const jobs: Record<string, Json> = {};
  for (const component of model.components) jobs[`build-${component.id}`] = buildJob(component);
  for (const component of model.components) jobs[`test-${component.id}`] = testJob(component);
  const gates = [...model.components.map((component) => `test-${component.id}`), ...securityJobs(model, jobs)];
  const images = imageJobs(model, jobs, gates);
  const ready = images.length > 0 ? images : gates;
  for (const deploy of model.deploys) Object.assign(jobs, deployJobs(deploy, deploy.after ? [...ready, `smoke-${deploy.after}`] : ready));
  Object.assign(jobs, notifyJobs(model));
  return {
    workflow: { rules: workflowRules(model) },
    stages: stagesOf(model),
    variables: { REGISTRY_IMAGE: '$CI_REGISTRY_IMAGE', IMAGE_TAG: '$CI_COMMIT_SHA' },
    default: { interruptible: true },
    ...jobs,
  };
}

export function generateGitlabCi(model: PipelineModel): GeneratedCiFile[] {
  return [{ path: GITLAB_CI_PATH, platform: 'gitlab_ci', content: renderYaml(gitlabPipeline(model), { header: generatedHeader(model.application, 'GitLab CI') }) }];
}
