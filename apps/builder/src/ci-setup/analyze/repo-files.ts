import { posix } from 'node:path';
import type { ProjectTree } from './project-tree';

/** Where CI systems read their configuration from, and which system each path belongs to. */
const CI_CONFIGS: readonly { system: string; matches: (path: string) => boolean }[] = [
  { system: 'GitHub Actions', matches: (path) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path) },
  { system: 'GitLab CI', matches: (path) => path === '.gitlab-ci.yml' || path === '.gitlab-ci.yaml' },
  { system: 'Jenkins', matches: (path) => posix.basename(path) === 'Jenkinsfile' || /(^|\/)Jenkinsfile\.[^/]+$/.test(path) },
  { system: 'CircleCI', matches: (path) => path === '.circleci/config.yml' || path === '.circleci/config.yaml' },
  { system: 'Azure Pipelines', matches: (path) => /^(azure-pipelines|\.azure-pipelines\/[^/]+)\.ya?ml$/.test(path) },
  { system: 'Travis CI', matches: (path) => path === '.travis.yml' },
  { system: 'Bitbucket Pipelines', matches: (path) => path === 'bitbucket-pipelines.yml' },
  { system: 'Drone', matches: (path) => path === '.drone.yml' },
  { system: 'Buildkite', matches: (path) => /^\.buildkite\/pipeline\.ya?ml$/.test(path) },
  { system: 'AppVeyor', matches: (path) => path === 'appveyor.yml' || path === '.appveyor.yml' },
  { system: 'Woodpecker', matches: (path) => path === '.woodpecker.yml' || /^\.woodpecker\/[^/]+\.ya?ml$/.test(path) },
  { system: 'Google Cloud Build', matches: (path) => path === 'cloudbuild.yaml' || path === 'cloudbuild.yml' },
];

/** One CI configuration file found, and the system that reads it. */
export interface ExistingCi {
  path: string;
  system: string;
}

/** CI configuration already in the project, in path order. */
export function detectExistingCi(tree: ProjectTree): ExistingCi[] {
  const found: ExistingCi[] = [];
  for (const path of tree.files) {
    const config = CI_CONFIGS.find((candidate) => candidate.matches(path));
    if (config) found.push({ path, system: config.system });
  }
  return found;
}

/** `Dockerfile`, `Dockerfile.<variant>`, `<name>.Dockerfile`, `Containerfile`. */
export function isDockerfile(path: string): boolean {
  const name = posix.basename(path);
  return /^(Dockerfile|Containerfile)(\.[^/]+)?$/.test(name) || /\.(Dockerfile|dockerfile)$/.test(name);
}

/** Every Dockerfile in the project, in path order. */
export function detectDockerfiles(tree: ProjectTree): string[] {
  return tree.files.filter(isDockerfile);
}

/** The Dockerfile of a component: `Dockerfile` (or `Containerfile`) directly in its directory. */
export function dockerfileIn(tree: ProjectTree, dir: string): string | undefined {
  const names = tree.namesIn(dir);
  const name = ['Dockerfile', 'Containerfile'].find((candidate) => names.includes(candidate));
  return name === undefined ? undefined : dir === '.' ? name : `${dir}/${name}`;
}
