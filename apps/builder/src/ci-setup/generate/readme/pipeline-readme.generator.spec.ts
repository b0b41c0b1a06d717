import type { ProjectAnalysis } from '@jetway/contracts';
import type { CiFixtureName } from '@jetway/testing';
import { fixtureAnalyses, generateTrigger } from '../generate.testing';
import { generateFiles } from '../generate-files';
import { buildPipelineModel } from '../model/build-model';
import { mermaidDiagram, README_PATH } from './pipeline-readme.generator';

describe('the README of the generated pipeline', () => {
  let fixtures: Record<CiFixtureName, ProjectAnalysis>;
  beforeAll(async () => {
    fixtures = await fixtureAnalyses();
  });

  it('draws the stages in order: checks, package, each environment (production behind its approval), rollbacks on failure', () => {
    const diagram = mermaidDiagram(buildPipelineModel(generateTrigger(fixtures['node-app'])));
    const edges = diagram.split('\n').filter((line) => line.includes('-->') || line.includes('.->')).map((line) => line.trim());
    expect(edges).toEqual([
      'build --> test',
      'test --> package',
      'security --> package',
      'package --> containerscan',
      'containerscan --> deploy_development',
      'deploy_development --> smoke_development',
      'deploy_development -. failure .-> rollback_development',
      'smoke_development -. failure .-> rollback_development',
      'smoke_development --> deploy_staging',
      'deploy_staging --> smoke_staging',
      'deploy_staging -. failure .-> rollback_staging',
      'smoke_staging -. failure .-> rollback_staging',
      'smoke_staging --> approve_production',
      'approve_production --> deploy_production',
      'deploy_production --> smoke_production',
      'deploy_production -. failure .-> rollback_production',
      'smoke_production -. failure .-> rollback_production',
      'smoke_development -. always .-> notify',
      'smoke_staging -. always .-> notify',
      'smoke_production -. always .-> notify',
    ]);
    expect(diagram).toMatch(/^flowchart LR\n/);
  });

  it('lists the files with the validation each gets, the exact commands, the setup per platform and the decisions', () => {
    const trigger = generateTrigger(fixtures['python-app']);
    const files = generateFiles(buildPipelineModel(trigger), trigger.platforms);
    const readme = files.find((file) => file.path === README_PATH)?.content ?? '';
    expect(readme).toContain('```mermaid\nflowchart LR\n');
    expect(readme).toContain("| GitHub Actions | `.github/workflows/ci-cd.yml` | GitHub's own `@actions/workflow-parser` (parse and convert) and `actionlint` |");
    expect(readme).toContain('| Jenkins | `Jenkinsfile` | a structural check of the declarative pipeline (no offline Jenkins validator exists) |');
    expect(readme).toContain("`python -m coverage run -m unittest discover -s tests && python -m coverage report --fail-under=80`");
    for (const heading of ['### GitHub Actions', '### GitLab CI', '### CircleCI', '### Azure Pipelines', '### Jenkins']) expect(readme).toContain(heading);
    expect(readme).toContain('- no Dockerfile: no package or container-scan stage');
    expect(readme).toContain('No deployment targets were requested (or none could be deployed)');
  });
});
