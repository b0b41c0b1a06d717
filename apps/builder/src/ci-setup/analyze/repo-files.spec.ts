import { ProjectTree } from './project-tree';
import { detectDockerfiles, detectExistingCi, dockerfileIn, isDockerfile } from './repo-files';

const tree = (files: string[]): ProjectTree => new ProjectTree('/nowhere', [...files].sort());

describe('existing CI and Dockerfiles', () => {
  it('recognises the CI systems by where they keep their configuration', () => {
    const found = detectExistingCi(
      tree([
        '.github/workflows/ci.yml', '.github/workflows/release.yaml', '.github/workflows/README.md', '.github/dependabot.yml',
        '.gitlab-ci.yml', 'Jenkinsfile', 'ci/Jenkinsfile.nightly', '.circleci/config.yml', 'azure-pipelines.yml', '.azure-pipelines/pr.yaml',
        '.travis.yml', 'bitbucket-pipelines.yml', '.drone.yml', '.buildkite/pipeline.yml', 'appveyor.yml', 'src/ci.yml',
      ]),
    );
    expect(found).toEqual([
      { path: '.azure-pipelines/pr.yaml', system: 'Azure Pipelines' },
      { path: '.buildkite/pipeline.yml', system: 'Buildkite' },
      { path: '.circleci/config.yml', system: 'CircleCI' },
      { path: '.drone.yml', system: 'Drone' },
      { path: '.github/workflows/ci.yml', system: 'GitHub Actions' },
      { path: '.github/workflows/release.yaml', system: 'GitHub Actions' },
      { path: '.gitlab-ci.yml', system: 'GitLab CI' },
      { path: '.travis.yml', system: 'Travis CI' },
      { path: 'Jenkinsfile', system: 'Jenkins' },
      { path: 'appveyor.yml', system: 'AppVeyor' },
      { path: 'azure-pipelines.yml', system: 'Azure Pipelines' },
      { path: 'bitbucket-pipelines.yml', system: 'Bitbucket Pipelines' },
      { path: 'ci/Jenkinsfile.nightly', system: 'Jenkins' },
    ]);
  });

  it('finds Dockerfiles by their naming conventions, and the one of a component directory', () => {
    const files = tree(['Dockerfile', 'docker/Dockerfile.dev', 'api/Containerfile', 'web/web.Dockerfile', 'docs/dockerfile-notes.md', 'Dockerfiles.md']);
    expect(detectDockerfiles(files)).toEqual(['Dockerfile', 'api/Containerfile', 'docker/Dockerfile.dev', 'web/web.Dockerfile']);
    expect(isDockerfile('docs/dockerfile-notes.md')).toBe(false);
    expect(dockerfileIn(files, '.')).toBe('Dockerfile');
    expect(dockerfileIn(files, 'api')).toBe('api/Containerfile');
    expect(dockerfileIn(files, 'web')).toBeUndefined();
  });
});
