import type { GenerateTriggered, ProjectAnalysis } from '@jetway/contracts';
import { validateCiFiles, type ValidatorVerdict } from '@jetway/ci-validators';
import { CI_FIXTURE_NAMES, type CiFixtureName } from '@jetway/testing';
import { ALL_PLATFORMS, ciFiles, fixtureAnalyses, generateTrigger, scriptsOf, STRATEGIES } from './generate.testing';
import { generateFiles } from './generate-files';
import { buildPipelineModel } from './model/build-model';
import { README_PATH } from './readme/pipeline-readme.generator';

/** Every deployment platform the request contract knows, one per environment, and the other quality-gate choices. */
const VARIANTS: ReadonlyArray<[string, Partial<GenerateTriggered>]> = [
  ['ecs, lambda and app_service', { deployment_targets: [{ environment: 'development', platform: 'ecs', region: 'eu-west-1' }, { environment: 'staging', platform: 'lambda' }, { environment: 'production', platform: 'app_service' }] }],
  ['vercel and heroku, scans off', { deployment_targets: [{ environment: 'staging', platform: 'vercel' }, { environment: 'production', platform: 'heroku' }], quality_gates: { test_coverage_threshold: 60, security_scan_required: false, performance_benchmarks: false, fail_on_severity: 'high' } }],
  ['no deployment targets, failing at low', { deployment_targets: [], quality_gates: { test_coverage_threshold: 90, security_scan_required: true, performance_benchmarks: false, fail_on_severity: 'low' } }],
];

describe("generated configurations pass the platforms' own validators (@jetway/ci-validators)", () => {
  let fixtures: Record<CiFixtureName, ProjectAnalysis>;
  beforeAll(async () => {
    fixtures = await fixtureAnalyses();
  });

  const cases: Array<[string, CiFixtureName, Partial<GenerateTriggered>]> = CI_FIXTURE_NAMES.flatMap((name) => [
    ...STRATEGIES.map((strategy): [string, CiFixtureName, Partial<GenerateTriggered>] => [strategy, name, { branching_strategy: strategy }]),
    ...VARIANTS.map(([label, overrides]): [string, CiFixtureName, Partial<GenerateTriggered>] => [label, name, overrides]),
  ]);

  let configs = 0;
  let findings = 0;
  afterAll(() => {
    // The counts the closing note quotes.
    console.info(`generated configs validated: ${configs}; validator findings: ${findings}`);
  });

  it.each(cases)('%s: %s — every verdict ok, no findings', async (_label, name, overrides) => {
    const trigger = generateTrigger(fixtures[name], overrides);
    const model = buildPipelineModel(trigger);
    const files = generateFiles(model, trigger.platforms);
    const verdicts: ValidatorVerdict[] = await validateCiFiles(ciFiles(files));
    configs += ciFiles(files).length;
    findings += verdicts.reduce((sum, verdict) => sum + verdict.findings.length, 0);
    expect(verdicts.filter((verdict) => !verdict.ok || verdict.findings.length > 0)).toEqual([]);
    // Two validators for a workflow (parser and actionlint), schema and references for GitLab, CircleCI and Azure, one for Jenkins.
    expect(verdicts.map((verdict) => verdict.platform).sort()).toEqual(['azure_devops', 'azure_devops', 'circleci', 'circleci', 'github_actions', 'github_actions', 'gitlab_ci', 'gitlab_ci', 'jenkins']);
    // Every configuration runs exactly the commands the prove step runs.
    for (const file of ciFiles(files)) {
      const scripts = scriptsOf(file);
      for (const component of model.components) {
        for (const command of Object.values(component.commands)) expect(scripts).toContain(command);
      }
    }
    expect(files.map((file) => file.path)).toContain(README_PATH);
  });

  it('generates one file per platform plus the quality dashboard and the README, whatever order or repeats the request has', async () => {
    const trigger = generateTrigger(fixtures['node-app'], { platforms: ['jenkins', 'github_actions', 'jenkins'] });
    const files = generateFiles(buildPipelineModel(trigger), trigger.platforms);
    expect(files.map((file) => [file.path, file.platform])).toEqual([['Jenkinsfile', 'jenkins'], ['.github/workflows/ci-cd.yml', 'github_actions'], ['dashboards/quality.json', undefined], [README_PATH, undefined]]);
    expect(ALL_PLATFORMS).toHaveLength(5);
  });
});
