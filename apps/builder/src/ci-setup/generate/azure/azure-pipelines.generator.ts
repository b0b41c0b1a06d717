import type { GeneratedCiFile, PipelineModel } from '../model/pipeline-model';
import { generatedHeader, renderYaml } from '../yaml-document';
import { azureName, buildJob, containerScanJob, deployJob, NOT_A_PULL_REQUEST, onBranches, packageJob, POOL, script, testJob, toolJob, type Json } from './azure-jobs';

export const AZURE_PIPELINES_PATH = 'azure-pipelines.yml';

function triggers(model: PipelineModel): Json {
  return { trigger: { branches: { include: [...model.triggers.push] } }, pr: { branches: { include: [...model.triggers.pullRequest] } } };
}

function ciStages(model: PipelineModel): Json[] {
  const stages: Json[] = [
    { stage: 'Build', jobs: model.components.map(buildJob) },
    { stage: 'Test', dependsOn: 'Build', jobs: model.components.map((component) => testJob(component, model.coverageThreshold)) },
  ];
  if (model.security) {
    const { secrets, dependencies, sast } = model.security;
    stages.push({ stage: 'Security', dependsOn: [], jobs: [secrets, dependencies, sast].map((tool) => toolJob(tool)) });
  }
  return stages;
}

/** Images are built and pushed on pushes only, never for a pull request. */
function packageStage(model: PipelineModel, after: readonly string[]): Json | undefined {
  if (model.images.length === 0) return undefined;
  const jobs = model.images.flatMap((image) => [packageJob(image), ...(image.scan ? [containerScanJob(image, image.scan)] : [])]);
  return { stage: 'Package', dependsOn: [...after], condition: `and(succeeded(), ${NOT_A_PULL_REQUEST})`, jobs };
}

function deployStages(model: PipelineModel, after: readonly string[]): Json[] {
  return model.deploys.map((deploy) => {
    const dependsOn = deploy.after ? [...after, azureName(`Deploy_${deploy.after}`)] : [...after];
    return {
      stage: azureName(`Deploy_${deploy.environment}`),
      displayName: `Deploy to ${deploy.environment}`,
      dependsOn,
      condition: `and(succeeded(), ${NOT_A_PULL_REQUEST}, ${onBranches(deploy.branches)})`,
      jobs: [deployJob(model.application, deploy)],
    };
  });
}

/** Two stages after everything: one reports success, one failure (a skipped stage is neither). */
function notifyStages(model: PipelineModel, all: readonly string[]): Json[] {
  const stage = (status: string, condition: string): Json => ({
    stage: `Notify_${status}`,
    dependsOn: [...all],
    condition,
    jobs: [
      {
        job: 'notify',
        pool: POOL,
        steps: [script('Post the outcome to Slack', model.notify.command, { env: { PIPELINE_STATUS: status, PIPELINE_URL: '$(System.CollectionUri)$(System.TeamProject)/_build/results?buildId=$(Build.BuildId)', SLACK_WEBHOOK_URL: '$(SLACK_WEBHOOK_URL)' } })],
      },
    ],
  });
  return [stage('succeeded', 'succeeded()'), stage('failed', 'failed()')];
}

export function azurePipeline(model: PipelineModel): Json {
  const stages = ciStages(model);
  const gates = stages.filter((stage) => stage['stage'] !== 'Build').map((stage) => String(stage['stage']));
  const pkg = packageStage(model, gates);
  if (pkg) stages.push(pkg);
  stages.push(...deployStages(model, pkg ? ['Package'] : gates));
  stages.push(...notifyStages(model, stages.map((stage) => String(stage['stage']))));
  return { ...triggers(model), variables: { IMAGE_TAG: '$(Build.SourceVersion)' }, stages };
}

export function generateAzurePipelines(model: PipelineModel): GeneratedCiFile[] {
  return [{ path: AZURE_PIPELINES_PATH, platform: 'azure_devops', content: renderYaml(azurePipeline(model), { header: generatedHeader(model.application, 'Azure Pipelines') }) }];
}
