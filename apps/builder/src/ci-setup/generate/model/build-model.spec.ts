import type { ProjectAnalysis, ProjectComponent } from '@jetway/contracts';
import type { CiFixtureName } from '@jetway/testing';
import { fixtureAnalyses, generateTrigger } from '../generate.testing';
import { buildPipelineModel } from './build-model';
import { concreteVersions } from './toolchains';
import { deployBranches, triggersFor } from './triggers';

function single(component: Partial<ProjectComponent> & Pick<ProjectComponent, 'language' | 'package_manager'>, more: Partial<ProjectAnalysis> = {}): ProjectAnalysis {
  return { languages: [{ name: component.language, files: 1 }], components: [{ path: '.', name: 'app', runtime_versions: [], ...component }], dockerfiles: [], existing_ci: [], notes: [], ...more };
}

describe('the pipeline model', () => {
  let fixtures: Record<CiFixtureName, ProjectAnalysis>;
  beforeAll(async () => {
    fixtures = await fixtureAnalyses();
  });

  it("gives each fixture's components commands that run in the component directory, the test enforcing the threshold", () => {
    const commands = (name: CiFixtureName) => buildPipelineModel(generateTrigger(fixtures[name])).components.map((c) => ({ path: c.source.path, ...c.commands }));
    expect(commands('node-app')).toEqual([{ path: '.', install: 'npm ci', build: 'npm run build', test: 'node --test --experimental-test-coverage --test-coverage-lines=80' }]);
    // The workspace members install at the root, where the lockfile is.
    expect(commands('node-monorepo')).toEqual([
      { path: 'services/api', install: 'cd ../.. && npm ci', build: 'npm run build', test: 'node --test --experimental-test-coverage --test-coverage-lines=80' },
      { path: 'services/web', install: 'cd ../.. && npm ci', test: 'node --test --experimental-test-coverage --test-coverage-lines=80' },
    ]);
    expect(commands('python-app')).toEqual([
      { path: '.', install: "python -m pip install 'coverage>=7.6,<8'", test: 'python -m coverage run -m unittest discover -s tests && python -m coverage report --fail-under=80' },
    ]);
    const [go] = commands('go-module');
    expect(go?.test).toMatch(/^go test -coverprofile=coverage\.out \.\/\.\.\. && go tool cover -func=coverage\.out \| awk -v min=80 /);
    const [maven] = commands('maven-project');
    expect(maven?.test).toMatch(/^mvn -B org\.jacoco:jacoco-maven-plugin:0\.8\.12:prepare-agent test .*:report && awk -F, -v min=80 .* target\/site\/jacoco\/jacoco\.csv$/);
  });

  it('builds on every runtime version the project names (a matrix) and tests on a version the coverage gate runs on', () => {
    const model = buildPipelineModel(generateTrigger(fixtures['node-app']));
    expect(model.components[0]).toMatchObject({ family: 'node', versions: ['20', '22'], testVersion: '22' });
    const old = buildPipelineModel(generateTrigger(single({ language: 'javascript', package_manager: 'npm', runtime_versions: ['node >=18'], test_command: 'node --test' })));
    expect(old.components[0]).toMatchObject({ versions: ['18'], testVersion: '22' });
    expect(old.notes.join('\n')).toContain('the test job runs on node 22 (the coverage gate needs it');
    expect(concreteVersions('python', ['python >=3.9', 'python 3.12.1'])).toEqual(['3.9', '3.12']);
    expect(concreteVersions('go', [])).toEqual(['1.23']);
  });

  it('caches on the lockfile, and says so when there is none', () => {
    expect(buildPipelineModel(generateTrigger(fixtures['node-app'])).components[0]?.cache).toMatchObject({ name: 'npm', keyFiles: ['package-lock.json'], homePaths: ['~/.npm'] });
    expect(buildPipelineModel(generateTrigger(fixtures['maven-project'])).components[0]?.cache?.keyFiles).toEqual(['pom.xml']);
    const python = buildPipelineModel(generateTrigger(fixtures['python-app']));
    expect(python.components[0]?.cache).toBeUndefined();
    expect(python.notes).toContain('.: no lockfile, so no dependency cache (nothing stable to key it on)');
  });

  it('deploys in promotion order, production last and gated, each after the previous on the same branch', () => {
    const model = buildPipelineModel(generateTrigger(fixtures['node-app']));
    expect(model.deploys.map((d) => [d.environment, d.after, d.gated])).toEqual([
      ['development', undefined, false],
      ['staging', 'development', false],
      ['production', 'staging', true],
    ]);
    const gitflow = buildPipelineModel(generateTrigger(fixtures['node-app'], { branching_strategy: 'gitflow' }));
    // Under gitflow the branches are the promotion: nothing waits on another branch's deploy.
    expect(gitflow.deploys.map((d) => [d.environment, d.branches, d.after])).toEqual([
      ['development', ['develop'], undefined],
      ['staging', ['release/*', 'hotfix/*'], undefined],
      ['production', ['main'], undefined],
    ]);
  });

  it('has no package stage and no image deploy without a Dockerfile, and says why', () => {
    const model = buildPipelineModel(generateTrigger(fixtures['python-app']));
    expect(model.images).toEqual([]);
    expect(model.deploys).toEqual([]);
    expect(model.notes).toContain('no Dockerfile: no package or container-scan stage');
    expect(model.notes).toContain('no Dockerfile: no production deploy to kubernetes (it deploys the image the package stage builds)');
    const vercel = buildPipelineModel(generateTrigger(fixtures['python-app'], { deployment_targets: [{ environment: 'production', platform: 'vercel' }] }));
    expect(vercel.deploys.map((d) => [d.environment, d.fromSource])).toEqual([['production', true]]);
  });

  it('packages one image per Dockerfile, scanned at the requested severity', () => {
    const model = buildPipelineModel(generateTrigger(fixtures['node-monorepo'], { quality_gates: { test_coverage_threshold: 70, security_scan_required: true, performance_benchmarks: false, fail_on_severity: 'medium' } }));
    expect(model.images.map((i) => [i.name, i.dockerfile, i.context])).toEqual([['api', 'services/api/Dockerfile', 'services/api']]);
    expect(model.images[0]?.scan?.command).toContain('trivy image --severity MEDIUM,HIGH,CRITICAL --ignore-unfixed --exit-code 1');
    expect(model.security?.dependencies.command).toContain('--severity MEDIUM,HIGH,CRITICAL');
    expect(model.security?.sast.command).toContain('--severity WARNING --severity ERROR');
    expect(model.components[0]?.commands.test).toContain('--test-coverage-lines=70');
  });

  it('leaves the security stage and the container scan out when the request turns scans off', () => {
    const model = buildPipelineModel(generateTrigger(fixtures['node-app'], { quality_gates: { test_coverage_threshold: 80, security_scan_required: false, performance_benchmarks: false, fail_on_severity: 'high' } }));
    expect(model.security).toBeUndefined();
    expect(model.images[0]?.scan).toBeUndefined();
    expect(model.notes).toContain('quality_gates.security_scan_required is false: no security stage');
  });

  it('triggers on what each branching strategy promotes through', () => {
    expect(triggersFor('github_flow', [])).toMatchObject({ push: ['main'], pullRequest: ['main'] });
    expect(triggersFor('trunk_based', [])).toMatchObject({ push: ['*'], pullRequest: ['main'] });
    expect(triggersFor('gitflow', [])).toMatchObject({ push: ['main', 'develop', 'release/*', 'hotfix/*'], pullRequest: ['main', 'develop'] });
    expect(triggersFor('gitlab_flow', ['development', 'staging', 'production'])).toMatchObject({ push: ['main', 'staging', 'production'] });
    expect(deployBranches('gitlab_flow', 'production')).toEqual(['production']);
    expect(deployBranches('trunk_based', 'production')).toEqual(['main']);
  });

  it('maps each coverage tool the analyzer names to a gate that fails below the threshold', () => {
    const gate = (component: Partial<ProjectComponent> & Pick<ProjectComponent, 'language' | 'package_manager'>) => buildPipelineModel(generateTrigger(single(component))).components[0]?.commands;
    expect(gate({ language: 'javascript', package_manager: 'npm', test_command: 'npm test', coverage_tool: 'c8' })?.test).toBe('npx c8 --check-coverage --lines 80 npm test');
    expect(gate({ language: 'typescript', package_manager: 'pnpm', test_command: 'pnpm test', test_framework: 'jest', coverage_tool: 'jest --coverage' })).toEqual({
      install: 'corepack enable && pnpm install',
      test: `pnpm test --coverage --coverageThreshold='{"global":{"lines":80}}'`,
    });
    // npm passes arguments to its script after `--`; a runner named without a script runs through npx.
    expect(gate({ language: 'typescript', package_manager: 'npm', test_command: 'npm test', test_framework: 'jest' })?.test).toBe(`npm test -- --coverage --coverageThreshold='{"global":{"lines":80}}'`);
    expect(gate({ language: 'typescript', package_manager: 'npm', test_command: 'make test', test_framework: 'vitest' })?.test).toBe('npx vitest run --coverage.enabled --coverage.thresholds.lines=80');
    expect(gate({ language: 'javascript', package_manager: 'npm', test_command: 'npm test', test_framework: 'mocha' })?.test).toBe('npx --yes c8@10 --check-coverage --lines 80 npm test');
    expect(gate({ language: 'python', package_manager: 'poetry', lockfile: 'poetry.lock', test_command: 'poetry run pytest', test_framework: 'pytest', coverage_tool: 'coverage.py' })).toEqual({
      install: 'poetry install --no-interaction',
      test: 'poetry run python -m coverage run -m pytest && poetry run python -m coverage report --fail-under=80',
    });
    expect(gate({ language: 'java', package_manager: 'gradle', test_command: './gradlew test' })?.test).toMatch(/^\.\/gradlew test jacocoTestReport && awk .* build\/reports\/jacoco\/test\/jacocoTestReport\.csv$/);
    expect(gate({ language: 'rust', package_manager: 'cargo', lockfile: 'Cargo.lock' })?.test).toBe('cargo llvm-cov --locked --fail-under-lines 80');
  });
});
