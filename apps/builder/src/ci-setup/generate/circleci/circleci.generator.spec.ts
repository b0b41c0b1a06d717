import type { ProjectAnalysis } from '@jetway/contracts';
import type { CiFixtureName } from '@jetway/testing';
import { fixtureAnalyses, generateTrigger, yamlOf } from '../generate.testing';
import { buildPipelineModel } from '../model/build-model';
import { CIRCLECI_PATH, generateCircleci } from './circleci.generator';

type Step = string | { [key: string]: { [key: string]: unknown } };
type Config = { jobs: Record<string, { steps: Step[]; [key: string]: unknown }>; workflows: { 'ci-cd': { jobs: Array<string | Record<string, { [key: string]: unknown }>> } } };

function config(analysis: ProjectAnalysis, overrides: Parameters<typeof generateTrigger>[1] = {}) {
  const model = buildPipelineModel(generateTrigger(analysis, overrides));
  const [file] = generateCircleci(model);
  if (!file) throw new Error('no config');
  const doc = yamlOf(file) as Config;
  const entries = Object.fromEntries(doc.workflows['ci-cd'].jobs.map((entry) => (typeof entry === 'string' ? [entry, {}] : Object.entries(entry)[0] ?? ['', {}])));
  return { model, file, doc, entries };
}

describe('CircleCI config', () => {
  let fixtures: Record<CiFixtureName, ProjectAnalysis>;
  beforeAll(async () => {
    fixtures = await fixtureAnalyses();
  });

  it('has every stage, the build a matrix over the versions, production behind an approval job', () => {
    const { file, entries } = config(fixtures['node-app']);
    expect(file.path).toBe(CIRCLECI_PATH);
    expect(Object.keys(entries)).toEqual([
      'build-app', 'test-app', 'secrets', 'dependencies', 'sast', 'package-app', 'container-scan-app',
      'deploy-development', 'deploy-staging', 'approve-production', 'deploy-production',
    ]);
    expect(entries['build-app']).toEqual({ matrix: { parameters: { version: ['20', '22'] } } });
    expect(entries['deploy-staging']).toMatchObject({ requires: ['container-scan-app', 'deploy-development'], context: ['shop-staging'], filters: { branches: { only: ['main'] } } });
    expect(entries['approve-production']).toMatchObject({ type: 'approval', requires: ['container-scan-app', 'deploy-staging'] });
    expect(entries['deploy-production']).toMatchObject({ requires: ['approve-production'], context: ['shop-production'] });
  });

  it('smoke-tests each deploy and rolls back when the deploy or the smoke test fails', () => {
    const { doc } = config(fixtures['node-app']);
    const steps = doc.jobs['deploy-production']?.steps ?? [];
    const runs = steps.flatMap((step) => (typeof step === 'string' ? [] : [step['run']]));
    expect(runs.map((run) => run?.['name'])).toEqual(['Deploy to production', 'Smoke test', 'Roll back production']);
    expect(runs[2]?.['when']).toBe('on_fail');
    expect(steps.slice(-2)).toEqual(['notify-success', 'notify-failure']);
  });

  it('restores and saves a dependency cache keyed on the lockfile and runs the commands in the component directory', () => {
    const { doc, model } = config(fixtures['node-monorepo']);
    const steps = doc.jobs['test-api']?.steps ?? [];
    expect(steps).toContainEqual({ restore_cache: { keys: ['npm-v1-22-{{ checksum "package-lock.json" }}', 'npm-v1-22-'] } });
    expect(steps).toContainEqual({ save_cache: { key: 'npm-v1-22-{{ checksum "package-lock.json" }}', paths: ['~/.npm'] } });
    const api = model.components.find((component) => component.id === 'api');
    expect(steps).toContainEqual({ run: { name: 'Test (fails under 80% line coverage)', command: api?.commands.test, working_directory: 'services/api' } });
  });

  it('filters the deploys by the branches of the strategy', () => {
    const { entries } = config(fixtures['node-app'], { branching_strategy: 'gitflow' });
    expect(entries['deploy-development']?.['filters']).toEqual({ branches: { only: ['develop'] } });
    expect(entries['deploy-staging']?.['filters']).toEqual({ branches: { only: ['/release\\/.*/', '/hotfix\\/.*/'] } });
    expect(entries['approve-production']).toMatchObject({ filters: { branches: { only: ['main'] } } });
  });
});
