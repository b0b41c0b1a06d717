import type { ComponentPlan, DeployPlan, ImagePlan, ToolRun } from '../model/pipeline-model';
import { normalizeDir } from '../model/shell';
import { branchPrefix } from '../model/triggers';
import { ACTION_PINS } from './pins';

/** A GitHub Actions job or step as plain data (rendered by the `yaml` Document API). */
export type Json = { [key: string]: unknown };

/** Least privilege: the workflow grants `contents: read`; a job that needs more says so itself. */
export const READ_ONLY = { contents: 'read' } as const;

export function checkout(fullHistory = false): Json {
  return { name: 'Check out', uses: ACTION_PINS.checkout.uses, with: { 'persist-credentials': false, ...(fullHistory && { 'fetch-depth': 0 }) } };
}

/** `run:` steps never contain `${{ }}`: every value they need arrives through `env:`. */
export function run(name: string, script: string, env?: Record<string, string>, extra?: Json): Json {
  return { name, ...extra, ...(env && Object.keys(env).length > 0 && { env }), run: script };
}

function setupToolchain(component: ComponentPlan, version: string): Json {
  switch (component.family) {
    case 'node':
      return { name: 'Set up Node.js', uses: ACTION_PINS.setupNode.uses, with: { 'node-version': version } };
    case 'python':
      return { name: 'Set up Python', uses: ACTION_PINS.setupPython.uses, with: { 'python-version': version } };
    case 'go':
      return { name: 'Set up Go', uses: ACTION_PINS.setupGo.uses, with: { 'go-version': version, cache: false } };
    case 'java':
      return { name: 'Set up Java', uses: ACTION_PINS.setupJava.uses, with: { distribution: 'temurin', 'java-version': version } };
    case 'rust':
      return run('Set up Rust', 'rustup toolchain install "$RUST_VERSION" --profile minimal\nrustup default "$RUST_VERSION"', { RUST_VERSION: version });
    case 'dotnet':
      // The hosted runner's .NET SDK; no setup action is pinned here.
      return run('Show the .NET SDK', 'dotnet --info');
  }
}

function cacheStep(component: ComponentPlan, version: string): Json[] {
  const cache = component.cache;
  if (!cache) return [];
  const prefix = `${cache.name}-\${{ runner.os }}-${version}-`;
  const hash = `\${{ hashFiles(${cache.keyFiles.map((file) => `'${file}'`).join(', ')}) }}`;
  return [{ name: 'Cache dependencies', uses: ACTION_PINS.cache.uses, with: { path: cache.homePaths.join('\n'), key: `${prefix}${hash}`, 'restore-keys': prefix } }];
}

/** Checkout, toolchain, cache keyed on the lockfile, install. */
function prepare(component: ComponentPlan, version: string): Json[] {
  const steps = [checkout(), setupToolchain(component, version), ...cacheStep(component, version)];
  if (component.commands.install) steps.push(run('Install dependencies', component.commands.install));
  return steps;
}

/** Component commands run in the component's directory, as the prove step runs them. */
function inComponent(component: ComponentPlan): Json {
  const dir = normalizeDir(component.source.path);
  return dir === '.' ? {} : { defaults: { run: { 'working-directory': dir } } };
}

/** Build on every runtime version the project names (a matrix when several). */
export function buildJob(component: ComponentPlan): Json {
  const matrix = component.versions.length > 1;
  const version = matrix ? '${{ matrix.version }}' : (component.versions[0] ?? component.testVersion);
  const steps = prepare(component, version);
  if (component.commands.build) steps.push(run('Build', component.commands.build));
  return {
    name: `Build ${component.id} (${component.family} ${version})`,
    'runs-on': 'ubuntu-latest',
    'timeout-minutes': 30,
    ...(matrix && { strategy: { 'fail-fast': false, matrix: { version: [...component.versions] } } }),
    ...inComponent(component),
    steps,
  };
}

/** Tests with the coverage gate: the job fails below the threshold. */
export function testJob(component: ComponentPlan, threshold: number): Json {
  const steps = [...prepare(component, component.testVersion), run(`Test (fails under ${threshold}% line coverage)`, component.commands.test)];
  return { name: `Test ${component.id}`, needs: [`build-${component.id}`], 'runs-on': 'ubuntu-latest', 'timeout-minutes': 30, ...inComponent(component), steps };
}

/** A scanner in its pinned image, as a container job. */
export function toolJob(tool: ToolRun, env: Record<string, string> = {}, extra: Json = {}): Json {
  return { name: tool.title, 'runs-on': 'ubuntu-latest', 'timeout-minutes': 20, container: { image: tool.image }, ...extra, steps: [checkout(), run(tool.title, tool.command, env)] };
}

const CODEQL_BUILD_MODE: Readonly<Record<string, string>> = { go: 'autobuild', 'java-kotlin': 'none', csharp: 'none' };

/** CodeQL code scanning: alerts in the repository's Security tab; the only job that writes security events. */
export function codeqlJob(languages: readonly string[]): Json {
  const matrix = languages.length > 1;
  const language = matrix ? '${{ matrix.language }}' : (languages[0] ?? '');
  const init: Json = { name: 'Initialize CodeQL', uses: ACTION_PINS.codeqlInit.uses, with: { languages: language, ...(!matrix && { 'build-mode': CODEQL_BUILD_MODE[language] ?? 'none' }) } };
  if (matrix) init.with = { languages: language, 'build-mode': '${{ matrix.build-mode }}' };
  return {
    name: `CodeQL (${language})`,
    'runs-on': 'ubuntu-latest',
    'timeout-minutes': 30,
    permissions: { ...READ_ONLY, actions: 'read', 'security-events': 'write' },
    ...(matrix && { strategy: { 'fail-fast': false, matrix: { include: languages.map((lang) => ({ language: lang, 'build-mode': CODEQL_BUILD_MODE[lang] ?? 'none' })) } } }),
    steps: [checkout(), init, { name: 'Analyze', uses: ACTION_PINS.codeqlAnalyze.uses, with: { category: `/language:${language}` } }],
  };
}

const REGISTRY_LOGIN = 'printf \'%s\' "$GITHUB_TOKEN" | docker login ghcr.io --username "$GITHUB_ACTOR" --password-stdin';

export function onPush(branches?: readonly string[]): string {
  const push = "github.event_name == 'push'";
  if (!branches) return push;
  const refs = branches.map((branch) => {
    const prefix = branchPrefix(branch);
    return prefix ? `startsWith(github.ref, 'refs/heads/${prefix}')` : `github.ref == 'refs/heads/${branch}'`;
  });
  return `${push} && (${refs.join(' || ')})`;
}

/** Build and push the image to GHCR: the only job that writes packages. Pushes only (never from a pull request). */
export function packageJob(image: ImagePlan, needs: readonly string[]): Json {
  return {
    name: `Package ${image.name} (image)`,
    needs: [...needs],
    if: onPush(),
    'runs-on': 'ubuntu-latest',
    'timeout-minutes': 30,
    permissions: { ...READ_ONLY, packages: 'write' },
    steps: [checkout(), run('Log in to GitHub Container Registry', REGISTRY_LOGIN, { GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}' }), run('Build and push the image', image.build)],
  };
}

export function containerScanJob(image: ImagePlan, scan: ToolRun): Json {
  const env = { TRIVY_USERNAME: '${{ github.actor }}', TRIVY_PASSWORD: '${{ secrets.GITHUB_TOKEN }}' };
  return toolJob(scan, env, { needs: [`package-${image.component.id}`], permissions: { ...READ_ONLY, packages: 'read' } });
}

/**
 * One environment: deploy, smoke test, and — when either fails — roll back in the same job, which
 * holds the environment's secrets (a separate job would need the production approval again).
 * Production's `environment:` is where the repository's required reviewers gate it.
 */
export function deployJob(deploy: DeployPlan, needs: readonly string[]): Json {
  const secrets = Object.fromEntries(deploy.env.map((name) => [name, `\${{ secrets.${name} }}`]));
  const smokeEnv = { SMOKE_TEST_URL: '${{ vars.SMOKE_TEST_URL }}' };
  const steps: Json[] = [
    ...(deploy.fromSource ? [checkout(true)] : []),
    run(`Deploy to ${deploy.environment}`, deploy.deploy, secrets),
    run('Smoke test', deploy.smoke, smokeEnv),
    run(`Roll back ${deploy.environment}`, deploy.rollback, secrets, { if: 'failure()' }),
  ];
  return {
    name: `Deploy to ${deploy.environment}`,
    needs: [...needs],
    if: onPush(deploy.branches),
    'runs-on': 'ubuntu-latest',
    'timeout-minutes': 30,
    environment: { name: deploy.environment },
    concurrency: { group: `deploy-${deploy.environment}`, 'cancel-in-progress': false },
    steps,
  };
}
