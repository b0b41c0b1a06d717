import { ciPlatformOf } from './classify';
import { closeGithubValidators } from './github/github.validator';
import type { CiFile } from './types';
import { validateCiFiles } from './validate';

afterAll(() => closeGithubValidators());

const BUNDLE: CiFile[] = [
  { path: 'Jenkinsfile', platform: 'jenkins', content: "pipeline {\n  agent any\n  stages {\n    stage('Test') {\n      steps { sh 'npm test' }\n    }\n  }\n}\n" },
  {
    path: '.github/workflows/ci.yml',
    platform: 'github_actions',
    content: 'on: push\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
  },
  { path: '.gitlab-ci.yml', platform: 'gitlab_ci', content: 'test:\n  script: [npm test]\n' },
  { path: '.circleci/config.yml', platform: 'circleci', content: 'version: 2.1\njobs:\n  test:\n    docker:\n      - image: cimg/node:22.11\n    steps: [checkout]\nworkflows:\n  ci:\n    jobs: [test]\n' },
  { path: 'azure-pipelines.yml', platform: 'azure_devops', content: 'pool:\n  vmImage: ubuntu-latest\nsteps:\n  - script: npm test\n' },
];

describe('validateCiFiles', () => {
  it('runs every validator of every platform, verdicts in the order of the files', async () => {
    const verdicts = await validateCiFiles(BUNDLE);
    expect(verdicts.map((v) => [v.file, v.validator.replace(/ \(.*$/, ''), v.ok])).toEqual([
      ['Jenkinsfile', 'Jetway structural check of the declarative Jenkinsfile', true],
      ['.github/workflows/ci.yml', '@actions/workflow-parser', true],
      ['.github/workflows/ci.yml', 'actionlint', true],
      ['.gitlab-ci.yml', 'GitLab CI schema', true],
      ['.gitlab-ci.yml', 'Jetway reference checks', true],
      ['.circleci/config.yml', 'CircleCI schema', true],
      ['.circleci/config.yml', 'Jetway reference checks', true],
      ['azure-pipelines.yml', 'Azure Pipelines schema', true],
      ['azure-pipelines.yml', 'Jetway reference checks', true],
    ]);
  });

  it('no files, no verdicts', async () => {
    expect(await validateCiFiles([])).toEqual([]);
  });
});

describe('ciPlatformOf', () => {
  it.each([
    ['.github/workflows/ci.yml', 'github_actions'],
    ['./.github/workflows/release.yaml', 'github_actions'],
    ['.github/dependabot.yml', undefined],
    ['.gitlab-ci.yml', 'gitlab_ci'],
    ['Jenkinsfile', 'jenkins'],
    ['ci/deploy.jenkinsfile', 'jenkins'],
    ['.circleci/config.yml', 'circleci'],
    ['azure-pipelines.yml', 'azure_devops'],
    ['.azure-pipelines/templates/test.yml', 'azure_devops'],
    ['README.md', undefined],
    ['docs/ci.yml', undefined],
  ])('%s → %s', (path, platform) => expect(ciPlatformOf(path)).toBe(platform));
});
