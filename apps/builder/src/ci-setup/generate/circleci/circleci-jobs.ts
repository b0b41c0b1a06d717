import { dockerRunScript } from '../docker-run';
import type { ComponentPlan, DeployPlan, ImagePlan, ToolRun } from '../model/pipeline-model';
import { normalizeDir } from '../model/shell';
import { toolchainImage } from '../model/toolchains';

export type Json = { [key: string]: unknown };
/** A step: a built-in or command name (`checkout`, `notify-failure`) or a step map. */
export type Step = string | Json;

/** A Linux VM with Docker: scanners and deploy tools run in their own pinned images on it. */
export const MACHINE = { image: 'ubuntu-2404:current' } as const;
const IMAGE_TAG_ENV = { IMAGE_TAG: '<< pipeline.git.revision >>' };
const REGISTRY_LOGIN = 'printf \'%s\' "$REGISTRY_PASSWORD" | docker login "$REGISTRY" --username "$REGISTRY_USER" --password-stdin';

/** Every job reports a failure; the jobs that end the workflow report success. */
export const NOTIFY_FAILURE = 'notify-failure';
export const NOTIFY_SUCCESS = 'notify-success';

function runIn(component: ComponentPlan, name: string, command: string): Step {
  const dir = normalizeDir(component.source.path);
  return { run: { name, command, ...(dir !== '.' && { working_directory: dir }) } };
}

function cacheKey(component: ComponentPlan, version: string): string | undefined {
  const cache = component.cache;
  if (!cache) return undefined;
  return `${cache.name}-v1-${version}-${cache.keyFiles.map((file) => `{{ checksum "${file}" }}`).join('-')}`;
}

/** Checkout, restore the cache keyed on the lockfile, install, save the cache. */
function prepare(component: ComponentPlan, version: string): Step[] {
  const key = cacheKey(component, version);
  const steps: Step[] = ['checkout'];
  if (key) steps.push({ restore_cache: { keys: [key, `${component.cache?.name}-v1-${version}-`] } });
  if (component.commands.install) steps.push(runIn(component, 'Install dependencies', component.commands.install));
  if (key && component.cache) steps.push({ save_cache: { key, paths: [...component.cache.homePaths] } });
  return steps;
}

/** Install and build; a `version` parameter makes it a matrix in the workflow when the project names several versions. */
export function buildJob(component: ComponentPlan): Json {
  const matrix = component.versions.length > 1;
  const version = matrix ? '<< parameters.version >>' : (component.versions[0] ?? component.testVersion);
  const steps = prepare(component, version);
  if (component.commands.build) steps.push(runIn(component, 'Build', component.commands.build));
  return {
    ...(matrix && { parameters: { version: { type: 'string', default: component.testVersion } } }),
    docker: [{ image: toolchainImage(component.family, version, component.source.package_manager) }],
    steps: [...steps, NOTIFY_FAILURE],
  };
}

export function testJob(component: ComponentPlan, threshold: number): Json {
  const steps = [...prepare(component, component.testVersion), runIn(component, `Test (fails under ${threshold}% line coverage)`, component.commands.test)];
  return { docker: [{ image: toolchainImage(component.family, component.testVersion, component.source.package_manager) }], steps: [...steps, NOTIFY_FAILURE] };
}

export function toolJob(tool: ToolRun, prelude: string[] = []): Json {
  const command = [...prelude, dockerRunScript(tool.image, tool.command, tool.env)].join('\n');
  return { machine: MACHINE, environment: IMAGE_TAG_ENV, steps: ['checkout', { run: { name: tool.title, command } }, NOTIFY_FAILURE] };
}

export function packageJob(image: ImagePlan): Json {
  return {
    machine: MACHINE,
    environment: IMAGE_TAG_ENV,
    steps: ['checkout', { run: { name: 'Log in to the registry', command: REGISTRY_LOGIN } }, { run: { name: 'Build and push the image', command: image.build } }, NOTIFY_FAILURE],
  };
}

export function containerScanJob(scan: ToolRun): Json {
  return toolJob(scan, ['export TRIVY_USERNAME="$REGISTRY_USER" TRIVY_PASSWORD="$REGISTRY_PASSWORD"']);
}

/**
 * Deploy, smoke test and — when either fails (`when: on_fail`) — roll back, in one job that holds
 * the environment's context. Production is preceded by an approval job in the workflow.
 */
export function deployJob(deploy: DeployPlan): Json {
  const inImage = (script: string) => dockerRunScript(deploy.image, script, deploy.env);
  const steps: Step[] = [
    ...(deploy.fromSource ? ['checkout'] : []),
    { run: { name: `Deploy to ${deploy.environment}`, command: inImage(deploy.deploy) } },
    { run: { name: 'Smoke test', command: deploy.smoke } },
    { run: { name: `Roll back ${deploy.environment}`, command: inImage(deploy.rollback), when: 'on_fail' } },
  ];
  return { machine: MACHINE, environment: IMAGE_TAG_ENV, steps: [...steps, NOTIFY_FAILURE] };
}

/** The two notification commands every job can end with. */
export function notifyCommands(notify: string): Json {
  const command = (status: string, when: string): Json => ({
    steps: [{ run: { name: `Notify (${status})`, when, environment: { PIPELINE_STATUS: status }, command: `export PIPELINE_URL="$CIRCLE_BUILD_URL"\n${notify}` } }],
  });
  return { [NOTIFY_FAILURE]: command('failed', 'on_fail'), [NOTIFY_SUCCESS]: command('succeeded', 'on_success') };
}
