import type { ProjectAnalysis } from '@jetway/contracts';
import type { CiFixtureName } from '@jetway/testing';
import { fixtureAnalyses, generateTrigger, scriptsOf, yamlOf } from '../generate.testing';
import { buildPipelineModel } from '../model/build-model';
import { generateGithubActions, GITHUB_WORKFLOW_PATH } from './github-actions.generator';
import { ACTION_PINS } from './pins';

type Job = { [key: string]: unknown; needs?: string[]; steps: Array<{ [key: string]: unknown }>; permissions?: Record<string, string> };

function workflow(analysis: ProjectAnalysis, overrides: Parameters<typeof generateTrigger>[1] = {}) {
  const [file] = generateGithubActions(buildPipelineModel(generateTrigger(analysis, overrides)));
  if (!file) throw new Error('no workflow');
  const doc = yamlOf(file) as { on: { push: { branches: string[] }; pull_request: { branches: string[] } }; permissions: unknown; jobs: Record<string, Job> };
  return { file, doc, jobs: doc.jobs };
}

describe('GitHub Actions workflow', () => {
  let fixtures: Record<CiFixtureName, ProjectAnalysis>;
  beforeAll(async () => {
    fixtures = await fixtureAnalyses();
  });

  it('has every stage, for a single Node app with a Dockerfile', () => {
    const { file, jobs } = workflow(fixtures['node-app']);
    expect(file.path).toBe(GITHUB_WORKFLOW_PATH);
    expect(Object.keys(jobs)).toEqual([
      'build-app', 'test-app', 'secrets', 'dependencies', 'sast', 'codeql', 'package-app', 'container-scan-app',
      'deploy-development', 'deploy-staging', 'deploy-production', 'notify',
    ]);
    expect(jobs['build-app']?.['strategy']).toEqual({ 'fail-fast': false, matrix: { version: ['20', '22'] } });
    expect(jobs['package-app']?.needs).toEqual(['test-app', 'secrets', 'dependencies', 'sast']);
    expect(jobs['notify']).toMatchObject({ if: 'always()', needs: Object.keys(jobs).filter((id) => id !== 'notify') });
  });

  it('deploys in promotion order, production behind its protected environment, each with a rollback on failure', () => {
    const { jobs } = workflow(fixtures['node-app']);
    expect(jobs['deploy-development']?.needs).toEqual(['container-scan-app']);
    expect(jobs['deploy-staging']?.needs).toEqual(['container-scan-app', 'deploy-development']);
    expect(jobs['deploy-production']?.needs).toEqual(['container-scan-app', 'deploy-staging']);
    expect(jobs['deploy-production']?.['environment']).toEqual({ name: 'production' });
    for (const env of ['development', 'staging', 'production']) {
      const steps = jobs[`deploy-${env}`]?.steps ?? [];
      expect(steps.map((step) => step['name'])).toEqual([`Deploy to ${env}`, 'Smoke test', `Roll back ${env}`]);
      expect(steps[2]?.['if']).toBe('failure()');
      expect(jobs[`deploy-${env}`]?.['if']).toBe("github.event_name == 'push' && (github.ref == 'refs/heads/main')");
    }
  });

  it('grants contents: read to the workflow and widens it only on the jobs that need it', () => {
    const { doc, jobs } = workflow(fixtures['node-monorepo']);
    expect(doc.permissions).toEqual({ contents: 'read' });
    const widened = Object.fromEntries(Object.entries(jobs).flatMap(([id, job]) => (job.permissions ? [[id, job.permissions]] : [])));
    expect(widened).toEqual({
      codeql: { contents: 'read', actions: 'read', 'security-events': 'write' },
      'package-api': { contents: 'read', packages: 'write' },
      'container-scan-api': { contents: 'read', packages: 'read' },
    });
  });

  it('pins every action by a full commit SHA with its release tag beside it, and checks out without persisting credentials', () => {
    for (const name of ['node-app', 'node-monorepo', 'python-app', 'go-module', 'maven-project'] as const) {
      const { file, jobs } = workflow(fixtures[name]);
      const uses = file.content.split('\n').filter((line) => /^\s*(- )?uses:/.test(line));
      expect(uses.length).toBeGreaterThan(5);
      for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
      const checkouts = Object.values(jobs).flatMap((job) => job.steps.filter((step) => step['uses'] === ACTION_PINS.checkout.uses));
      for (const step of checkouts) expect(step['with']).toMatchObject({ 'persist-credentials': false });
    }
    expect(new Set(Object.values(ACTION_PINS).map((pin) => pin.uses.split('@')[1]?.length))).toEqual(new Set([40]));
  });

  it('never puts ${{ }} inside run: — values reach scripts through env:', () => {
    for (const name of ['node-app', 'node-monorepo', 'python-app', 'go-module', 'maven-project'] as const) {
      const { file } = workflow(fixtures[name]);
      const scripts = scriptsOf(file);
      expect(scripts.length).toBeGreaterThan(5);
      for (const script of scripts) expect(script).not.toContain('${{');
    }
  });

  it("runs each component's commands in its directory, the cache keyed on the lockfile", () => {
    const model = buildPipelineModel(generateTrigger(fixtures['node-monorepo']));
    const [file] = generateGithubActions(model);
    const jobs = (yamlOf(file ?? { path: '', content: '' }) as { jobs: Record<string, Job> }).jobs;
    for (const component of model.components) {
      const test = jobs[`test-${component.id}`];
      expect(test?.['defaults']).toEqual({ run: { 'working-directory': component.source.path } });
      expect(test?.steps.map((step) => step['run']).filter(Boolean)).toEqual([component.commands.install, component.commands.test]);
      const cache = test?.steps.find((step) => step['uses'] === ACTION_PINS.cache.uses);
      expect(cache?.['with']).toMatchObject({ path: '~/.npm', key: "npm-${{ runner.os }}-22-${{ hashFiles('package-lock.json') }}" });
    }
  });

  it.each([
    ['github_flow', ['main'], ['main']],
    ['trunk_based', ['**'], ['main']],
    ['gitflow', ['main', 'develop', 'release/**', 'hotfix/**'], ['main', 'develop']],
    ['gitlab_flow', ['main', 'staging', 'production'], ['main', 'staging', 'production']],
  ] as const)('triggers on %s branches', (strategy, push, pullRequest) => {
    const { doc, jobs } = workflow(fixtures['node-app'], { branching_strategy: strategy });
    expect(doc.on).toEqual({ push: { branches: push }, pull_request: { branches: pullRequest } });
    if (strategy === 'gitflow') {
      expect(jobs['deploy-staging']?.['if']).toBe("github.event_name == 'push' && (startsWith(github.ref, 'refs/heads/release/') || startsWith(github.ref, 'refs/heads/hotfix/'))");
      expect(jobs['deploy-production']?.needs).toEqual(['container-scan-app']);
    }
  });

  it('has no package, container scan or image deploy without a Dockerfile', () => {
    const { jobs } = workflow(fixtures['python-app']);
    expect(Object.keys(jobs)).toEqual(['build-app', 'test-app', 'secrets', 'dependencies', 'sast', 'codeql', 'notify']);
  });
});
