import type { GeneratedCiFile, PipelineModel } from '../model/pipeline-model';
import { generatedHeader, renderYaml } from '../yaml-document';
import { buildJob, codeqlJob, containerScanJob, deployJob, packageJob, READ_ONLY, run, testJob, toolJob, type Json } from './github-jobs';
import { pinnedTag } from './pins';

export const GITHUB_WORKFLOW_PATH = '.github/workflows/ci-cd.yml';

/** `release/*` → `release/**` (GitHub's glob for "anything under release/"); `*` → every branch. */
function githubBranches(patterns: readonly string[]): string[] {
  return patterns.map((pattern) => (pattern === '*' ? '**' : pattern.endsWith('/*') ? `${pattern}*` : pattern));
}

function securityJobs(model: PipelineModel, jobs: Record<string, Json>): string[] {
  const security = model.security;
  if (!security) return [];
  jobs['secrets'] = toolJob(security.secrets);
  jobs['dependencies'] = toolJob(security.dependencies);
  jobs['sast'] = toolJob(security.sast);
  if (security.codeqlLanguages.length > 0) jobs['codeql'] = codeqlJob(security.codeqlLanguages);
  return ['secrets', 'dependencies', 'sast'];
}

/** Package and scan each image; returns the jobs a deploy must wait for. */
function imageJobs(model: PipelineModel, jobs: Record<string, Json>, gates: readonly string[]): string[] {
  const ready: string[] = [];
  for (const image of model.images) {
    const id = image.component.id;
    jobs[`package-${id}`] = packageJob(image, gates);
    if (image.scan) {
      jobs[`container-scan-${id}`] = containerScanJob(image, image.scan);
      ready.push(`container-scan-${id}`);
    } else {
      ready.push(`package-${id}`);
    }
  }
  return ready;
}

function deployJobs(model: PipelineModel, jobs: Record<string, Json>, ready: readonly string[]): void {
  for (const deploy of model.deploys) {
    jobs[`deploy-${deploy.environment}`] = deployJob(deploy, deploy.after ? [...ready, `deploy-${deploy.after}`] : ready);
  }
}

function notifyJob(model: PipelineModel, needs: readonly string[]): Json {
  const env = {
    PIPELINE_STATUS: "${{ contains(needs.*.result, 'failure') && 'failed' || contains(needs.*.result, 'cancelled') && 'cancelled' || 'succeeded' }}",
    PIPELINE_URL: '${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}',
    SLACK_WEBHOOK_URL: '${{ secrets.SLACK_WEBHOOK_URL }}',
  };
  return { name: 'Notify', needs: [...needs], if: 'always()', 'runs-on': 'ubuntu-latest', 'timeout-minutes': 5, steps: [run('Post the outcome to Slack', model.notify.command, env)] };
}

/** The workflow as data: triggers, least-privilege permissions, jobs in stage order. */
export function githubWorkflow(model: PipelineModel): Json {
  const jobs: Record<string, Json> = {};
  for (const component of model.components) jobs[`build-${component.id}`] = buildJob(component);
  for (const component of model.components) jobs[`test-${component.id}`] = testJob(component, model.coverageThreshold);
  const gates = [...model.components.map((component) => `test-${component.id}`), ...securityJobs(model, jobs)];
  const images = imageJobs(model, jobs, gates);
  deployJobs(model, jobs, images.length > 0 ? images : gates);
  jobs['notify'] = notifyJob(model, Object.keys(jobs));
  return {
    name: 'CI/CD',
    on: { push: { branches: githubBranches(model.triggers.push) }, pull_request: { branches: githubBranches(model.triggers.pullRequest) } },
    permissions: { ...READ_ONLY },
    concurrency: { group: '${{ github.workflow }}-${{ github.ref }}', 'cancel-in-progress': "${{ github.event_name == 'pull_request' }}" },
    env: { REGISTRY_IMAGE: 'ghcr.io/${{ github.repository }}', IMAGE_TAG: '${{ github.sha }}' },
    jobs,
  };
}

export function generateGithubActions(model: PipelineModel): GeneratedCiFile[] {
  const content = renderYaml(githubWorkflow(model), { header: generatedHeader(model.application, 'GitHub Actions'), commentFor: pinnedTag });
  return [{ path: GITHUB_WORKFLOW_PATH, platform: 'github_actions', content }];
}
