import type { ComponentPlan, DeployPlan, ImagePlan, ToolRun } from '../model/pipeline-model';
import { normalizeDir } from '../model/shell';
import { projectEnvAt, toolchainImage } from '../model/toolchains';
import { block, gstr, gstring, sh, type Groovy } from './groovy';

const MATRIX_VARIABLE = 'RUNTIME_VERSION';
/** Jenkins credentials the pipeline reads (IDs the README lists). */
export const REGISTRY_CREDENTIALS = 'registry';

/** A Docker agent on the same node and workspace as the pipeline; `--entrypoint=` gives tool images a shell. */
function dockerAgent(image: string, groovyImage = gstr(image), entrypoint = false): Groovy {
  const args = entrypoint ? [`args ${gstr('--entrypoint=')}`] : [];
  return block('agent', [block('docker', [`image ${groovyImage}`, ...args, 'reuseNode true'])]);
}

function inComponent(component: ComponentPlan, steps: Groovy[]): Groovy[] {
  const dir = normalizeDir(component.source.path);
  return dir === '.' ? steps : [block(`dir(${gstr(dir)})`, steps)];
}

/** Caches the dependency directory in the workspace, keyed on the lockfile (the Job Cacher plugin). */
function cached(component: ComponentPlan, steps: Groovy[]): Groovy[] {
  const cache = component.cache;
  if (!cache) return steps;
  const file = cache.keyFiles[0] ?? '';
  return [block(`cache(maxCacheSize: 2048, caches: [arbitraryFileCache(path: ${gstr(cache.projectPath)}, cacheValidityDecidingFile: ${gstr(file)})])`, steps)];
}

function environment(component: ComponentPlan): Groovy[] {
  if (!component.cache) return [];
  const vars = projectEnvAt(component.cache, '${WORKSPACE}');
  return [block('environment', Object.entries(vars).map(([name, value]) => `${name} = ${gstring(value)}`))];
}

function componentSteps(component: ComponentPlan, phases: ReadonlyArray<[string, string | undefined]>): Groovy[] {
  const commands = phases.flatMap(([label, command]) => (command === undefined ? [] : [sh(label, command)]));
  return [block('steps', cached(component, inComponent(component, commands)))];
}

/** Install and build on every runtime version the project names (a `matrix` when several). */
export function buildStage(component: ComponentPlan): Groovy {
  const phases: Array<[string, string | undefined]> = [['Install dependencies', component.commands.install], ['Build', component.commands.build]];
  const name = `Build ${component.id}`;
  if (component.versions.length <= 1) {
    const image = toolchainImage(component.family, component.versions[0] ?? component.testVersion, component.source.package_manager);
    return block(`stage(${gstr(name)})`, [dockerAgent(image), ...environment(component), ...componentSteps(component, phases)]);
  }
  const image = gstring(toolchainImage(component.family, `\${${MATRIX_VARIABLE}}`, component.source.package_manager));
  const axis = block('axis', [`name ${gstr(MATRIX_VARIABLE)}`, `values ${component.versions.map((v) => gstr(v)).join(', ')}`]);
  const inner = block(`stage(${gstr(`${name} on ${component.family}`)})`, [dockerAgent('', image), ...environment(component), ...componentSteps(component, phases)]);
  return block(`stage(${gstr(name)})`, [block('matrix', [block('axes', [axis]), block('stages', [inner])])]);
}

export function testStage(component: ComponentPlan, threshold: number): Groovy {
  const image = toolchainImage(component.family, component.testVersion, component.source.package_manager);
  const phases: Array<[string, string | undefined]> = [['Install dependencies', component.commands.install], [`Test (fails under ${threshold}% line coverage)`, component.commands.test]];
  return block(`stage(${gstr(`Test ${component.id}`)})`, [dockerAgent(image), ...environment(component), ...componentSteps(component, phases)]);
}

export function toolStage(tool: ToolRun, wrap: (steps: Groovy[]) => Groovy[] = (steps) => steps, extra: Groovy[] = []): Groovy {
  return block(`stage(${gstr(tool.title)})`, [...extra, dockerAgent(tool.image, gstr(tool.image), true), block('steps', wrap([sh(tool.title, tool.command)]))]);
}

/** Builds and scans run for branches only, never for a change request (a pull request from a fork). */
export const NOT_A_CHANGE_REQUEST = block('when', [block('not', ['changeRequest()'])]);

function registry(user: string, password: string, steps: Groovy[]): Groovy[] {
  return [block(`withCredentials([usernamePassword(credentialsId: ${gstr(REGISTRY_CREDENTIALS)}, usernameVariable: ${gstr(user)}, passwordVariable: ${gstr(password)})])`, steps)];
}

/** On the pipeline's own agent, which has Docker. */
export function packageStage(image: ImagePlan): Groovy {
  const login = sh('Log in to the registry', 'printf \'%s\' "$REGISTRY_PASSWORD" | docker login "$REGISTRY" --username "$REGISTRY_USER" --password-stdin');
  return block(`stage(${gstr(`Package ${image.name}`)})`, [NOT_A_CHANGE_REQUEST, block('steps', registry('REGISTRY_USER', 'REGISTRY_PASSWORD', [login, sh('Build and push the image', image.build)]))]);
}

export function containerScanStage(scan: ToolRun): Groovy {
  return toolStage(scan, (steps) => registry('TRIVY_USERNAME', 'TRIVY_PASSWORD', steps), [NOT_A_CHANGE_REQUEST]);
}

/** `branch 'main'`; `release/*` is Jenkins' own glob for the prefix. */
function branchCondition(patterns: readonly string[]): Groovy {
  const tests = patterns.map((pattern) => `branch ${gstr(pattern)}`);
  return tests.length === 1 ? (tests[0] ?? '') : block('anyOf', tests);
}

/** The environment's secrets, from Jenkins credentials named `<application>-<environment>-<secret>`. */
function secrets(application: string, deploy: DeployPlan, steps: Groovy[], names: readonly string[] = deploy.env): Groovy[] {
  if (names.length === 0) return steps;
  const bindings = names.map((name) => `string(credentialsId: ${gstr(`${application}-${deploy.environment}-${name.toLowerCase().replace(/_/g, '-')}`)}, variable: ${gstr(name)})`);
  return [block(`withCredentials([${bindings.join(', ')}])`, steps)];
}

/**
 * One environment: deploy then smoke test, and `post { failure }` rolls back when either fails.
 * Production waits at `input` for someone allowed to approve (asked only on its branch).
 */
export function deployStage(application: string, deploy: DeployPlan): Groovy {
  const env = deploy.environment;
  const when = block('when', [...(deploy.gated ? ['beforeInput true'] : []), branchCondition(deploy.branches)]);
  const input = deploy.gated ? [block('input', [`message ${gstr(`Deploy ${application} to ${env}?`)}`, `ok ${gstr('Deploy')}`])] : [];
  const inner = [
    block(`stage(${gstr(`Deploy to ${env}`)})`, [block('steps', secrets(application, deploy, [sh(`Deploy to ${env}`, deploy.deploy)]))]),
    block(`stage(${gstr(`Smoke test ${env}`)})`, [block('steps', secrets(application, deploy, [sh('Smoke test', deploy.smoke)], ['SMOKE_TEST_URL']))]),
  ];
  const rollback = block('post', [block('failure', secrets(application, deploy, [sh(`Roll back ${env}`, deploy.rollback)]))]);
  return block(`stage(${gstr(`${env[0]?.toUpperCase() ?? ''}${env.slice(1)}`)})`, [when, ...input, dockerAgent(deploy.image, gstr(deploy.image), true), block('stages', inner), rollback]);
}
