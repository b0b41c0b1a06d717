import type { ProjectAnalysis } from '@jetway/contracts';
import type { CiFixtureName } from '@jetway/testing';
import { fixtureAnalyses, generateTrigger, yamlOf } from '../generate.testing';
import { buildPipelineModel } from '../model/build-model';
import { goRelease } from './azure-jobs';
import { AZURE_PIPELINES_PATH, generateAzurePipelines } from './azure-pipelines.generator';

type Stage = { stage: string; dependsOn?: string | string[]; condition?: string; jobs: Array<{ [key: string]: unknown }> };
type Pipeline = { trigger: unknown; pr: unknown; stages: Stage[] };

function pipeline(analysis: ProjectAnalysis, overrides: Parameters<typeof generateTrigger>[1] = {}) {
  const model = buildPipelineModel(generateTrigger(analysis, overrides));
  const [file] = generateAzurePipelines(model);
  if (!file) throw new Error('no azure-pipelines.yml');
  const doc = yamlOf(file) as Pipeline;
  const stage = (name: string) => doc.stages.find((candidate) => candidate.stage === name);
  return { model, file, doc, stage };
}

describe('Azure Pipelines', () => {
  let fixtures: Record<CiFixtureName, ProjectAnalysis>;
  beforeAll(async () => {
    fixtures = await fixtureAnalyses();
  });

  it('has every stage, the deploys chained in promotion order, notifications after everything', () => {
    const { file, doc, stage } = pipeline(fixtures['node-app']);
    expect(file.path).toBe(AZURE_PIPELINES_PATH);
    expect(doc.stages.map((s) => s.stage)).toEqual(['Build', 'Test', 'Security', 'Package', 'Deploy_development', 'Deploy_staging', 'Deploy_production', 'Notify_succeeded', 'Notify_failed']);
    expect(stage('Deploy_staging')?.dependsOn).toEqual(['Package', 'Deploy_development']);
    expect(stage('Deploy_production')?.dependsOn).toEqual(['Package', 'Deploy_staging']);
    expect(stage('Notify_failed')).toMatchObject({ condition: 'failed()', dependsOn: doc.stages.slice(0, -2).map((s) => s.stage) });
  });

  it('deploys through deployment jobs into environments (production approvals live there), with smoke test and rollback hooks', () => {
    const { stage } = pipeline(fixtures['node-app']);
    const job = stage('Deploy_production')?.jobs[0] as { environment: string; variables: unknown; strategy: { runOnce: Record<string, { steps?: Array<{ displayName: string }>; failure?: { steps: Array<{ displayName: string }> } }> } };
    expect(job).toMatchObject({ deployment: 'deploy', environment: 'production', variables: [{ group: 'shop-production' }] });
    expect(job.strategy.runOnce['postRouteTraffic']?.steps?.map((s) => s.displayName)).toEqual(['Smoke test']);
    expect(job.strategy.runOnce['on']?.failure?.steps.map((s) => s.displayName)).toEqual(['Roll back production']);
    expect(stage('Deploy_production')?.condition).toBe("and(succeeded(), ne(variables['Build.Reason'], 'PullRequest'), eq(variables['Build.SourceBranch'], 'refs/heads/main'))");
  });

  it('builds on a matrix of versions with a cache keyed on the lockfile', () => {
    const { stage } = pipeline(fixtures['node-app']);
    const build = stage('Build')?.jobs[0] as { strategy: unknown; steps: Array<{ task?: string; inputs?: unknown }> };
    expect(build.strategy).toEqual({ matrix: { node_20: { runtimeVersion: '20' }, node_22: { runtimeVersion: '22' } } });
    expect(build.steps.find((s) => s.task === 'Cache@2')?.inputs).toEqual({ key: 'npm | "$(Agent.OS)" | $(runtimeVersion) | package-lock.json', restoreKeys: 'npm | "$(Agent.OS)" | $(runtimeVersion)', path: '$(Pipeline.Workspace)/.cache/npm' });
  });

  it("sets up the Go module's version by its release name", () => {
    const { stage } = pipeline(fixtures['go-module']);
    const build = stage('Build')?.jobs[0] as { steps: Array<{ task?: string; inputs?: unknown }> };
    expect(build.steps[0]).toEqual({ task: 'GoTool@0', displayName: 'Set up Go', inputs: { version: '1.22.0' } });
    expect([goRelease('1.20'), goRelease('1.23.4')]).toEqual(['1.20', '1.23.4']);
  });

  it.each([
    ['github_flow', ['main'], ['main']],
    ['gitflow', ['main', 'develop', 'release/*', 'hotfix/*'], ['main', 'develop']],
  ] as const)('triggers on the %s branches', (strategy, push, pr) => {
    const { doc, stage } = pipeline(fixtures['node-app'], { branching_strategy: strategy });
    expect(doc.trigger).toEqual({ branches: { include: push } });
    expect(doc.pr).toEqual({ branches: { include: pr } });
    if (strategy === 'gitflow') expect(stage('Deploy_staging')?.dependsOn).toEqual(['Package']);
  });
});
