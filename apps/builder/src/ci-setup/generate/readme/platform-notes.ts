import type { CiPlatform } from '@jetway/contracts';
import type { PipelineModel } from '../model/pipeline-model';

/** What Jetway's validate step checks each platform's file with (the strongest validator that runs offline). */
export const VALIDATION_LEVEL: Readonly<Record<CiPlatform, string>> = {
  github_actions: "GitHub's own `@actions/workflow-parser` (parse and convert) and `actionlint`",
  gitlab_ci: "GitLab's CI schema (as `gitlab-ci-local` bundles it) and its `needs`/stage checks",
  circleci: 'the official CircleCI config schema plus reference checks (jobs, commands, requires)',
  azure_devops: 'the official Azure Pipelines schema plus reference checks (stages, jobs, dependsOn)',
  jenkins: 'a structural check of the declarative pipeline (no offline Jenkins validator exists)',
};

function secretNames(model: PipelineModel): string {
  const names = [...new Set(model.deploys.flatMap((deploy) => [...deploy.env, 'SMOKE_TEST_URL']))];
  return names.length > 0 ? names.map((name) => `\`${name}\``).join(', ') : 'none';
}

/** What someone has to configure on the platform before the first run. */
export function platformSetup(platform: CiPlatform, model: PipelineModel): string[] {
  const envs = model.deploys.map((deploy) => deploy.environment);
  const production = envs.includes('production');
  switch (platform) {
    case 'github_actions':
      return [
        `- Create the environments ${envs.map((e) => `\`${e}\``).join(', ') || '(none)'} (Settings → Environments)${production ? '; give `production` required reviewers — that is the manual approval' : ''}.`,
        `- Per environment: secrets ${secretNames(model)} (\`SMOKE_TEST_URL\` as an environment variable). Repository secret \`SLACK_WEBHOOK_URL\` for notifications (optional).`,
        '- Images go to GitHub Container Registry with the workflow token (`packages: write` on the package job only); every other job reads contents only.',
        '- Actions are pinned by commit SHA with their release tag beside it; let Dependabot (`github-actions` ecosystem) propose updates.',
      ];
    case 'gitlab_ci':
      return [
        `- CI/CD variables scoped to each environment: ${secretNames(model)}; mark secrets masked and protected. \`SLACK_WEBHOOK_URL\` (optional).`,
        production ? '- `deploy-production` is a manual job: protect the `production` environment so only allowed people can start it.' : '- No production deploy was generated.',
        "- Images go to the project's container registry (`$CI_REGISTRY_IMAGE`); the runner needs Docker-in-Docker (privileged) for the package job.",
      ];
    case 'circleci':
      return [
        `- Contexts ${envs.map((e) => `\`${model.application}-${e}\``).join(', ') || '(none)'} holding ${secretNames(model)}; restrict them to the right groups.`,
        '- Project environment variables: `REGISTRY`, `REGISTRY_IMAGE`, `REGISTRY_USER`, `REGISTRY_PASSWORD`, `SLACK_WEBHOOK_URL` (optional).',
        production ? '- `approve-production` is an approval job: production deploys only after someone approves it in the workflow.' : '- No production deploy was generated.',
        '- CircleCI builds every pushed branch; turn on "Only build pull requests" to match the branching strategy, deploys are filtered by branch.',
      ];
    case 'azure_devops':
      return [
        `- Environments ${envs.map((e) => `\`${e}\``).join(', ') || '(none)'} (Pipelines → Environments)${production ? '; add an Approvals check to `production`' : ''}.`,
        `- Variable groups ${envs.map((e) => `\`${model.application}-${e}\``).join(', ') || '(none)'} holding ${secretNames(model)}.`,
        '- Pipeline variables: `REGISTRY`, `REGISTRY_IMAGE`, `REGISTRY_USER`, secret `REGISTRY_PASSWORD`, secret `SLACK_WEBHOOK_URL` (optional).',
      ];
    case 'jenkins':
      return [
        '- A multibranch pipeline; plugins: Pipeline, Docker Pipeline, Credentials Binding, Job Cacher (dependency caches keyed on the lockfile).',
        `- Credentials: \`registry\` (username/password), \`slack-webhook-url\` (secret text) and per environment \`${model.application}-<environment>-<secret>\` for ${secretNames(model)} (secret text); global variables \`REGISTRY\`, \`REGISTRY_IMAGE\`.`,
        production ? '- The production stage waits at `input`: restrict who may approve with the `submitter` option or the folder permissions.' : '- No production deploy was generated.',
      ];
  }
}
