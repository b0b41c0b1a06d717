import type { ProjectAnalysis } from '@jetway/contracts';
import type { CiFixtureName } from '@jetway/testing';
import { fixtureAnalyses, generateTrigger, scriptsOf } from '../generate.testing';
import { buildPipelineModel } from '../model/build-model';
import { gstr, gstring, ungstr } from './groovy';
import { generateJenkinsfile, JENKINSFILE_PATH } from './jenkinsfile.generator';

function jenkinsfile(analysis: ProjectAnalysis, overrides: Parameters<typeof generateTrigger>[1] = {}) {
  const model = buildPipelineModel(generateTrigger(analysis, overrides));
  const [file] = generateJenkinsfile(model);
  if (!file) throw new Error('no Jenkinsfile');
  const stages = [...file.content.matchAll(/stage\('([^']+)'\)/g)].map((match) => match[1]);
  return { model, file, stages };
}

describe('Jenkinsfile', () => {
  let fixtures: Record<CiFixtureName, ProjectAnalysis>;
  beforeAll(async () => {
    fixtures = await fixtureAnalyses();
  });

  it('has every stage in order: build matrix, tests and scans in parallel, package, each environment', () => {
    const { file, stages } = jenkinsfile(fixtures['node-app']);
    expect(file.path).toBe(JENKINSFILE_PATH);
    expect(stages).toEqual([
      'Build app', 'Build app on node', 'Test and scan', 'Test app', 'Secret scan (gitleaks)', 'Dependency scan (trivy)', 'SAST (semgrep)',
      'Package app', 'Container scan of app (trivy)',
      'Development', 'Deploy to development', 'Smoke test development',
      'Staging', 'Deploy to staging', 'Smoke test staging',
      'Production', 'Deploy to production', 'Smoke test production',
    ]);
    expect(file.content).toContain("axis {\n            name 'RUNTIME_VERSION'\n            values '20', '22'");
    expect(file.content).toContain('image "node:${RUNTIME_VERSION}"');
  });

  it('asks for approval before production (only on its branch) and rolls back when a deploy or smoke test fails', () => {
    const { file } = jenkinsfile(fixtures['node-app']);
    const production = file.content.slice(file.content.indexOf("stage('Production')"));
    expect(production).toMatch(/^stage\('Production'\) \{\n\s+when \{\n\s+beforeInput true\n\s+branch 'main'\n\s+\}\n\s+input \{\n\s+message 'Deploy shop to production\?'/);
    expect(production).toMatch(/post \{\n\s+failure \{\n\s+withCredentials\(\[string\(credentialsId: 'shop-production-kubeconfig-b64', variable: 'KUBECONFIG_B64'\)\]\) \{\n\s+sh\(label: 'Roll back production'/);
    expect(file.content.match(/input \{/g)).toHaveLength(1);
    expect(file.content).toMatch(/post \{\n\s+success \{[\s\S]+failure \{/);
  });

  it("runs each component's exact commands in its directory, with the dependency cache keyed on the lockfile", () => {
    const { file, model } = jenkinsfile(fixtures['node-monorepo']);
    const scripts = scriptsOf(file);
    for (const component of model.components) {
      for (const command of [component.commands.install, component.commands.build, component.commands.test]) if (command) expect(scripts).toContain(command);
    }
    expect(file.content).toContain("dir('services/api') {");
    expect(file.content).toContain("arbitraryFileCache(path: '.cache/npm', cacheValidityDecidingFile: 'package-lock.json')");
    expect(file.content).toContain('npm_config_cache = "${WORKSPACE}/.cache/npm"');
  });

  it('writes every command as a literal Groovy never interpolates, quotes and backslashes intact', () => {
    const { file, model } = jenkinsfile(fixtures['go-module']);
    const test = model.components[0]?.commands.test ?? '';
    expect(test).toContain("'/^total:/");
    expect(scriptsOf(file)).toContain(test);
    for (const text of ["it's", 'a\\nb', "'''", "''''''x", "x''", 'ends with quote\'', '$HOME ${x}', 'two\nlines']) expect(ungstr(gstr(text))).toBe(text);
    expect(gstring('-Dmaven.repo.local=${WORKSPACE}/.cache/m2 "$X"')).toBe('"-Dmaven.repo.local=${WORKSPACE}/.cache/m2 \\"\\$X\\""');
  });

  it('deploys under gitflow from the strategy branches, glob for the release branches', () => {
    const { file } = jenkinsfile(fixtures['node-app'], { branching_strategy: 'gitflow' });
    expect(file.content).toMatch(/stage\('Development'\) \{\n\s+when \{\n\s+branch 'develop'/);
    expect(file.content).toMatch(/stage\('Staging'\) \{\n\s+when \{\n\s+anyOf \{\n\s+branch 'release\/\*'\n\s+branch 'hotfix\/\*'/);
  });
});
