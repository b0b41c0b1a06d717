import type { CiFile } from '../types';
import { AZURE_REFERENCES, AZURE_SCHEMA, validateAzurePipeline } from './azure.validator';

const VALID = `trigger:
  branches:
    include: [main]
pr:
  branches:
    include: [main]
pool:
  vmImage: ubuntu-latest
variables:
  npm_config_cache: $(Pipeline.Workspace)/.npm
stages:
  - stage: build
    jobs:
      - job: build
        strategy:
          matrix:
            node20: { node: '20.x' }
            node22: { node: '22.x' }
        steps:
          - task: NodeTool@0
            inputs:
              versionSpec: $(node)
          - task: Cache@2
            inputs:
              key: 'npm | "$(Agent.OS)" | package-lock.json'
              path: $(npm_config_cache)
          - script: npm ci
            displayName: install
          - template: .azure-pipelines/test-steps.yml
      - job: lint
        dependsOn: build
        steps:
          - script: npm run lint
  - stage: deploy_production
    dependsOn: build
    condition: and(succeeded(), eq(variables['Build.SourceBranch'], 'refs/heads/main'))
    jobs:
      - deployment: deploy
        environment: production
        strategy:
          runOnce:
            deploy:
              steps:
                - script: ./deploy.sh production
`;

const STEPS_TEMPLATE: CiFile = { path: '.azure-pipelines/test-steps.yml', platform: 'azure_devops', content: 'steps:\n  - script: npm test\n    displayName: test\n' };
const azure = (content: string): CiFile => ({ path: 'azure-pipelines.yml', platform: 'azure_devops', content });

function planted(find: string, replace: string): CiFile {
  if (!VALID.includes(find)) throw new Error(`sample has no '${find}'`);
  return azure(VALID.replace(find, replace));
}

const check = (file: CiFile, bundle: CiFile[] = [file, STEPS_TEMPLATE]) => validateAzurePipeline(file, bundle);

describe('Azure Pipelines', () => {
  it('a valid pipeline (and its steps template) pass the official schema and the reference checks', async () => {
    expect(await check(azure(VALID))).toEqual([
      { file: 'azure-pipelines.yml', platform: 'azure_devops', validator: AZURE_SCHEMA, ok: true, findings: [] },
      { file: 'azure-pipelines.yml', platform: 'azure_devops', validator: AZURE_REFERENCES, ok: true, findings: [] },
    ]);
    expect((await check(STEPS_TEMPLATE)).map((v) => v.ok)).toEqual([true, true]);
  });

  it('dependsOn an unknown stage or job fails the reference checks, with the line', async () => {
    const [schema, references] = await check(planted('    dependsOn: build\n    condition', '    dependsOn: biuld\n    condition'));
    expect(schema?.ok).toBe(true);
    expect(references).toMatchObject({ ok: false, findings: [{ message: "stage deploy_production: dependsOn 'biuld', which is not a stage of this pipeline", line: 35 }] });
    const [, jobs] = await check(planted('        dependsOn: build\n', '        dependsOn: [build, test]\n'));
    expect(jobs?.findings).toEqual([{ message: "job lint: dependsOn 'test', which is not a job of this stage", line: 31 }]);
  });

  it('a template missing from the bundle, or from another repository, is flagged', async () => {
    const [, missing] = await check(azure(VALID), [azure(VALID)]);
    expect(missing?.findings).toEqual([{ message: "template '.azure-pipelines/test-steps.yml' (.azure-pipelines/test-steps.yml) is not in the bundle", line: 29 }]);
    const [, external] = await check(planted('.azure-pipelines/test-steps.yml', 'steps/test.yml@templates'));
    expect(external?.findings).toEqual([{ message: "template 'steps/test.yml@templates' names repository 'templates', which is not in resources.repositories", line: 29 }]);
  });

  it('an unknown key and a duplicate name fail', async () => {
    const [schema, references] = await check(planted('      - job: lint\n', '      - job: build\n        timeout: 5\n'));
    expect(schema?.findings).toContainEqual(expect.objectContaining({ message: expect.stringContaining("unexpected key 'timeout'"), line: 31 }));
    expect(references?.findings).toContainEqual({ message: "job 'build' is declared twice", line: 30 });
  });
});
