import type { CiPlatform } from '@jetway/contracts';

/**
 * The CI platform whose configuration lives at `path` (relative to the project root), by the
 * places each platform reads: `.github/workflows/*.yml`, `.gitlab-ci.yml`, `Jenkinsfile`,
 * `.circleci/config.yml`, `azure-pipelines.yml` — and, for Azure, templates kept under
 * `.azure-pipelines/`. Anything else (a README, a script) is not a CI file.
 */
export function ciPlatformOf(path: string): CiPlatform | undefined {
  const normal = path.replace(/\\/g, '/').replace(/^\.\//, '');
  const name = normal.slice(normal.lastIndexOf('/') + 1);
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(normal)) return 'github_actions';
  if (normal === '.gitlab-ci.yml' || normal === '.gitlab-ci.yaml') return 'gitlab_ci';
  if (name === 'Jenkinsfile' || /\.jenkinsfile$/i.test(name)) return 'jenkins';
  if (/^\.circleci\/config\.ya?ml$/.test(normal)) return 'circleci';
  if (/^azure-pipelines[\w.-]*\.ya?ml$/.test(name) || /^\.azure-pipelines\/.+\.ya?ml$/.test(normal)) return 'azure_devops';
  return undefined;
}
