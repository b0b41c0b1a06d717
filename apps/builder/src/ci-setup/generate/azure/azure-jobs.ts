import { dockerRunScript } from '../docker-run';
import type { ComponentPlan, DeployPlan, ImagePlan, ToolRun } from '../model/pipeline-model';
import { joinPath, normalizeDir } from '../model/shell';
import { branchPrefix } from '../model/triggers';
import { projectEnvAt } from '../model/toolchains';

export type Json = { [key: string]: unknown };

export const POOL = { vmImage: 'ubuntu-latest' } as const;
const MATRIX_VARIABLE = 'runtimeVersion';
const REGISTRY_LOGIN = 'printf \'%s\' "$REGISTRY_PASSWORD" | docker login "$REGISTRY" --username "$REGISTRY_USER" --password-stdin';
/** Secret variables reach a script only when mapped into its environment. */
const REGISTRY_SECRET = { REGISTRY_PASSWORD: '$(REGISTRY_PASSWORD)' };

/** Azure names (stages, jobs) take letters, digits and underscores. */
export function azureName(id: string): string {
  return id.replace(/[^A-Za-z0-9_]/g, '_');
}

/** `Build.SourceBranch` on one of the branches (`release/*` as a prefix). */
export function onBranches(patterns: readonly string[]): string {
  const tests = patterns.map((pattern) => {
    const prefix = branchPrefix(pattern);
    return prefix ? `startsWith(variables['Build.SourceBranch'], 'refs/heads/${prefix}')` : `eq(variables['Build.SourceBranch'], 'refs/heads/${pattern}')`;
  });
  return tests.length === 1 ? (tests[0] ?? '') : `or(${tests.join(', ')})`;
}

export const NOT_A_PULL_REQUEST = "ne(variables['Build.Reason'], 'PullRequest')";

export function script(displayName: string, command: string, extra: Json = {}): Json {
  return { script: command, displayName, ...extra };
}

/** GoTool downloads a release by its full name: since Go 1.21 the first release of 1.22 is `1.22.0`. */
export function goRelease(version: string): string {
  const [major, minor, patch] = version.split('.');
  return patch === undefined && Number(major) === 1 && Number(minor) >= 21 ? `${version}.0` : version;
}

function setupToolchain(component: ComponentPlan, version: string): Json {
  switch (component.family) {
    case 'node':
      return { task: 'NodeTool@0', displayName: 'Set up Node.js', inputs: { versionSpec: `${version}.x` } };
    case 'python':
      return { task: 'UsePythonVersion@0', displayName: 'Set up Python', inputs: { versionSpec: version } };
    case 'go':
      return { task: 'GoTool@0', displayName: 'Set up Go', inputs: { version: goRelease(version) } };
    case 'java':
      return { task: 'JavaToolInstaller@0', displayName: 'Set up Java', inputs: { versionSpec: version, jdkArchitectureOption: 'x64', jdkSourceOption: 'PreInstalled' } };
    case 'rust':
      return script('Set up Rust', `rustup toolchain install ${version} --profile minimal && rustup default ${version}`);
    case 'dotnet':
      return { task: 'UseDotNet@2', displayName: 'Set up .NET', inputs: { packageType: 'sdk', version: `${version}.x` } };
  }
}

/** Toolchain, cache keyed on the lockfile, install — each command in the component's directory. */
function prepare(component: ComponentPlan, version: string): Json[] {
  const steps = [setupToolchain(component, version)];
  const cache = component.cache;
  if (cache) {
    const key = [cache.name, '"$(Agent.OS)"', version, ...cache.keyFiles].join(' | ');
    steps.push({ task: 'Cache@2', displayName: 'Cache dependencies', inputs: { key, restoreKeys: [cache.name, '"$(Agent.OS)"', version].join(' | '), path: `$(Pipeline.Workspace)/${cache.projectPath}` } });
  }
  if (component.commands.install) steps.push(inComponent(component, 'Install dependencies', component.commands.install));
  return steps;
}

function inComponent(component: ComponentPlan, name: string, command: string): Json {
  const dir = normalizeDir(component.source.path);
  return script(name, command, dir === '.' ? {} : { workingDirectory: `$(Build.SourcesDirectory)/${joinPath(dir, '.')}` });
}

function cacheVariables(component: ComponentPlan): Json {
  return component.cache ? { variables: projectEnvAt(component.cache, '$(Pipeline.Workspace)') } : {};
}

export function buildJob(component: ComponentPlan): Json {
  const matrix = component.versions.length > 1;
  const version = matrix ? `$(${MATRIX_VARIABLE})` : (component.versions[0] ?? component.testVersion);
  const steps = prepare(component, version);
  if (component.commands.build) steps.push(inComponent(component, 'Build', component.commands.build));
  const strategy = { matrix: Object.fromEntries(component.versions.map((v) => [azureName(`${component.family}_${v}`), { [MATRIX_VARIABLE]: v }])) };
  return { job: azureName(`build_${component.id}`), displayName: `Build ${component.id}`, pool: POOL, ...(matrix && { strategy }), ...cacheVariables(component), steps };
}

export function testJob(component: ComponentPlan, threshold: number): Json {
  const steps = [...prepare(component, component.testVersion), inComponent(component, `Test (fails under ${threshold}% line coverage)`, component.commands.test)];
  return { job: azureName(`test_${component.id}`), displayName: `Test ${component.id}`, pool: POOL, ...cacheVariables(component), steps };
}

export function toolJob(tool: ToolRun, extra: Json = {}, env: Record<string, string> = {}): Json {
  return { job: azureName(tool.id), displayName: tool.title, pool: POOL, ...extra, steps: [script(tool.title, dockerRunScript(tool.image, tool.command, tool.env), Object.keys(env).length > 0 ? { env } : {})] };
}

export function packageJob(image: ImagePlan): Json {
  return {
    job: azureName(`package_${image.component.id}`),
    displayName: `Package ${image.name} (image)`,
    pool: POOL,
    steps: [script('Log in to the registry', REGISTRY_LOGIN, { env: REGISTRY_SECRET }), script('Build and push the image', image.build)],
  };
}

export function containerScanJob(image: ImagePlan, scan: ToolRun): Json {
  const env = { TRIVY_USERNAME: '$(REGISTRY_USER)', TRIVY_PASSWORD: '$(REGISTRY_PASSWORD)' };
  return toolJob(scan, { dependsOn: azureName(`package_${image.component.id}`) }, env);
}

/**
 * A deployment job into the Azure environment of the same name (production's approvals and checks
 * are configured on that environment): deploy, smoke test after routing traffic, and the
 * `on: failure` hook rolls back.
 */
export function deployJob(application: string, deploy: DeployPlan): Json {
  const secrets = { env: Object.fromEntries(deploy.env.map((name) => [name, `$(${name})`])) };
  const deploySteps = [...(deploy.fromSource ? [{ checkout: 'self', fetchDepth: '0' }] : []), script(`Deploy to ${deploy.environment}`, deploy.deploy, secrets)];
  return {
    deployment: 'deploy',
    displayName: `Deploy to ${deploy.environment}`,
    pool: POOL,
    environment: deploy.environment,
    variables: [{ group: `${application}-${deploy.environment}` }],
    strategy: {
      runOnce: {
        deploy: { steps: deploySteps },
        postRouteTraffic: { steps: [script('Smoke test', deploy.smoke)] },
        on: { failure: { steps: [script(`Roll back ${deploy.environment}`, deploy.rollback, secrets)] } },
      },
    },
  };
}
