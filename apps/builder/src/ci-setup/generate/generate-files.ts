import type { CiInfrastructureSpec, CiPlatform } from '@jetway/contracts';
import { generateCiInfrastructure } from '../../infrastructure/generate/ci/ci-infrastructure';
import { generateAzurePipelines } from './azure/azure-pipelines.generator';
import { generateCircleci } from './circleci/circleci.generator';
import { generateQualityDashboard } from './dashboards/quality-dashboard.generator';
import { generateGithubActions } from './github/github-actions.generator';
import { generateGitlabCi } from './gitlab/gitlab-ci.generator';
import { generateJenkinsfile } from './jenkins/jenkinsfile.generator';
import type { GeneratedCiFile, PipelineModel } from './model/pipeline-model';
import { generateReadme } from './readme/pipeline-readme.generator';

const GENERATORS: Readonly<Record<CiPlatform, (model: PipelineModel) => GeneratedCiFile[]>> = {
  github_actions: generateGithubActions,
  gitlab_ci: generateGitlabCi,
  jenkins: generateJenkinsfile,
  circleci: generateCircleci,
  azure_devops: generateAzurePipelines,
};

/**
 * The configuration of each platform (in the order asked, without repeats), the quality dashboard,
 * the Terraform of the pipeline's infrastructure under `infrastructure/` when the request has the
 * block, then the README of them all.
 */
export function generateFiles(model: PipelineModel, platforms: readonly CiPlatform[], infrastructure?: CiInfrastructureSpec): GeneratedCiFile[] {
  const files = [
    ...[...new Set(platforms)].flatMap((platform) => GENERATORS[platform](model)),
    generateQualityDashboard(model),
    ...(infrastructure ? generateCiInfrastructure(infrastructure, model.application) : []),
  ];
  return [...files, generateReadme(model, files, infrastructure)];
}
