import type { ProjectAnalysis } from '@jetway/contracts';
import type { CiFixtureName } from '@jetway/testing';
import { fixtureAnalyses, generateTrigger, scriptsOf, yamlOf } from '../generate.testing';
import { buildPipelineModel } from '../model/build-model';
import { generateGitlabCi, GITLAB_CI_PATH } from './gitlab-ci.generator';

type Job = { [key: string]: unknown; stage: string; needs?: string[]; rules?: Array<{ if?: string; when?: string }>; script: string[] };
type Pipeline = { workflow: { rules: Array<{ if: string; when?: string }> }; stages: string[] } & Record<string, unknown>;

function pipeline(analysis: ProjectAnalysis, overrides: Parameters<typeof generateTrigger>[1] = {}) {
  const model = buildPipelineModel(generateTrigger(analysis, overrides));
  const [file] = generateGitlabCi(model);
  if (!file) throw new Error('no .gitlab-ci.yml');
  const doc = yamlOf(file) as Pipeline;
  const job = (id: string) => doc[id] as Job;
  return { model, file, doc, job };
}

describe('GitLab CI pipeline', () => {
  let fixtures: Record<CiFixtureName, ProjectAnalysis>;
  beforeAll(async () => {
    fixtures = await fixtureAnalyses();
  });

  it('has every stage in order, the deploys per environment in promotion order', () => {
    const { file, doc } = pipeline(fixtures['node-app']);
    expect(file.path).toBe(GITLAB_CI_PATH);
    expect(doc.stages).toEqual([
      'build', 'test', 'security', 'package', 'container-scan',
      'deploy-development', 'smoke-development', 'rollback-development',
      'deploy-staging', 'smoke-staging', 'rollback-staging',
      'deploy-production', 'smoke-production', 'rollback-production', 'notify',
    ]);
  });

  it('gates production with a manual job and rolls back on failure of the deploy or its smoke test', () => {
    const { job } = pipeline(fixtures['node-app']);
    expect(job('deploy-production')).toMatchObject({ environment: { name: 'production', deployment_tier: 'production' }, rules: [{ if: '$CI_COMMIT_BRANCH == "main"', when: 'manual' }] });
    expect(job('deploy-staging').rules).toEqual([{ if: '$CI_COMMIT_BRANCH == "main"' }]);
    expect(job('deploy-staging').needs).toEqual(['container-scan-app', 'smoke-development']);
    expect(job('deploy-production').needs).toEqual(['container-scan-app', 'smoke-staging']);
    expect(job('rollback-production')).toMatchObject({ needs: ['deploy-production', 'smoke-production'], rules: [{ if: '$CI_COMMIT_BRANCH == "main"', when: 'on_failure' }] });
    expect(job('notify-failure').rules).toEqual([{ when: 'on_failure' }]);
  });

  it("builds on a matrix of the project's versions with a cache keyed on the lockfile, and tests with the coverage gate", () => {
    const { job, model } = pipeline(fixtures['node-app']);
    expect(job('build-app')).toMatchObject({
      image: 'node:$RUNTIME_VERSION',
      parallel: { matrix: [{ RUNTIME_VERSION: ['20', '22'] }] },
      cache: { key: { files: ['package-lock.json'], prefix: 'npm-$RUNTIME_VERSION' }, paths: ['.cache/npm/'] },
      variables: { npm_config_cache: '$CI_PROJECT_DIR/.cache/npm' },
    });
    expect(job('test-app').script).toEqual([model.components[0]?.commands.install, model.components[0]?.commands.test]);
  });

  it('puts each command of a workspace member in its directory, as the prove step runs it', () => {
    const { job, model } = pipeline(fixtures['node-monorepo']);
    const web = model.components.find((component) => component.id === 'web');
    expect(job('test-web').script).toEqual(['cd "$CI_PROJECT_DIR/services/web"', 'cd ../.. && npm ci', 'cd "$CI_PROJECT_DIR/services/web"', web?.commands.test]);
  });

  it('runs the scanners in digest-pinned images with a shell entrypoint, and no script pipes curl into a shell', () => {
    const { job, file } = pipeline(fixtures['go-module']);
    for (const id of ['secrets', 'dependencies', 'sast', 'container-scan-app']) {
      expect(job(id)['image']).toMatchObject({ name: expect.stringMatching(/@sha256:[0-9a-f]{64}$/), entrypoint: [''] });
    }
    for (const script of scriptsOf(file)) expect(script).not.toMatch(/curl[^|\n]*\|\s*(ba)?sh/);
  });

  it.each([
    ['github_flow', '$CI_COMMIT_BRANCH == "main"', '$CI_MERGE_REQUEST_TARGET_BRANCH_NAME == "main"'],
    ['trunk_based', '$CI_COMMIT_BRANCH', '$CI_MERGE_REQUEST_TARGET_BRANCH_NAME == "main"'],
    ['gitflow', '$CI_COMMIT_BRANCH == "main" || $CI_COMMIT_BRANCH == "develop" || $CI_COMMIT_BRANCH =~ /^release\\// || $CI_COMMIT_BRANCH =~ /^hotfix\\//', '$CI_MERGE_REQUEST_TARGET_BRANCH_NAME == "main" || $CI_MERGE_REQUEST_TARGET_BRANCH_NAME == "develop"'],
    ['gitlab_flow', '$CI_COMMIT_BRANCH == "main" || $CI_COMMIT_BRANCH == "staging" || $CI_COMMIT_BRANCH == "production"', '$CI_MERGE_REQUEST_TARGET_BRANCH_NAME == "main" || $CI_MERGE_REQUEST_TARGET_BRANCH_NAME == "staging" || $CI_MERGE_REQUEST_TARGET_BRANCH_NAME == "production"'],
  ] as const)('runs %s pipelines for its branches and merge requests', (strategy, push, mergeRequests) => {
    const { doc, job } = pipeline(fixtures['node-app'], { branching_strategy: strategy });
    expect(doc.workflow.rules).toEqual([
      { if: `$CI_PIPELINE_SOURCE == "merge_request_event" && (${mergeRequests})` },
      { if: '$CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS', when: 'never' },
      { if: push },
    ]);
    if (strategy === 'gitlab_flow') expect(job('deploy-production').rules).toEqual([{ if: '$CI_COMMIT_BRANCH == "production"', when: 'manual' }]);
  });
});
