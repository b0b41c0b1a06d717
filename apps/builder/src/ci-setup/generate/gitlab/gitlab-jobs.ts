import type { ComponentPlan, DeployPlan, ImagePlan, ToolRun } from '../model/pipeline-model';
import { normalizeDir } from '../model/shell';
import { branchPrefix } from '../model/triggers';
import { projectEnvAt, toolchainImage } from '../model/toolchains';

export type Json = { [key: string]: unknown };

const MATRIX_VARIABLE = 'RUNTIME_VERSION';
const DOCKER: Json = { image: 'docker:27', services: ['docker:27-dind'], variables: { DOCKER_TLS_CERTDIR: '/certs' } };
const REGISTRY_LOGIN = 'printf \'%s\' "$CI_REGISTRY_PASSWORD" | docker login --username "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"';

/** An image whose entrypoint is its tool (trivy, gitleaks, aws): GitLab needs a shell instead. */
function shellImage(name: string): Json {
  return { name, entrypoint: [''] };
}

/** `main` → `$CI_COMMIT_BRANCH == "main"`; `release/*` → a regex on the prefix. */
export function branchCondition(patterns: readonly string[]): string {
  return patterns
    .map((pattern) => {
      if (pattern === '*') return '$CI_COMMIT_BRANCH';
      const prefix = branchPrefix(pattern);
      return prefix ? `$CI_COMMIT_BRANCH =~ /^${prefix.replace(/\//g, '\\/')}/` : `$CI_COMMIT_BRANCH == "${pattern}"`;
    })
    .join(' || ');
}

/**
 * Every command runs in the component's directory, as the prove step runs it; GitLab runs a job's
 * script in one shell, so each command is preceded by the `cd` that puts it there.
 */
function scriptIn(component: ComponentPlan, commands: ReadonlyArray<string | undefined>): string[] {
  const dir = normalizeDir(component.source.path);
  return commands.flatMap((command) => (command === undefined ? [] : dir === '.' && !command.startsWith('cd ') ? [command] : [`cd "$CI_PROJECT_DIR/${dir}"`, command]));
}

function componentBase(component: ComponentPlan, version: string): Json {
  const cache = component.cache;
  return {
    image: toolchainImage(component.family, version, component.source.package_manager),
    ...(cache && {
      variables: projectEnvAt(cache, '$CI_PROJECT_DIR'),
      cache: { key: { files: [...cache.keyFiles], prefix: `${cache.name}-${version}` }, paths: [`${cache.projectPath}/`] },
    }),
  };
}

/** Install and build on every runtime version the project names (`parallel:matrix` when several). */
export function buildJob(component: ComponentPlan): Json {
  const matrix = component.versions.length > 1;
  const version = matrix ? `$${MATRIX_VARIABLE}` : (component.versions[0] ?? component.testVersion);
  return {
    stage: 'build',
    ...componentBase(component, version),
    ...(matrix && { parallel: { matrix: [{ [MATRIX_VARIABLE]: [...component.versions] }] } }),
    script: scriptIn(component, [component.commands.install, component.commands.build]),
  };
}

/** Tests with the coverage gate: the job fails below the threshold. */
export function testJob(component: ComponentPlan): Json {
  return {
    stage: 'test',
    needs: [`build-${component.id}`],
    ...componentBase(component, component.testVersion),
    script: scriptIn(component, [component.commands.install, component.commands.test]),
  };
}

/** A scanner in its pinned image. */
export function toolJob(tool: ToolRun, stage: string, extra: Json = {}): Json {
  return { stage, image: shellImage(tool.image), ...extra, script: tool.command.split('\n') };
}

/** Only pushes build images (never a merge request from a fork), into the project's own registry. */
const PUSHES_ONLY = [{ if: '$CI_COMMIT_BRANCH' }];

export function packageJob(image: ImagePlan, needs: readonly string[]): Json {
  return { stage: 'package', needs: [...needs], ...DOCKER, rules: PUSHES_ONLY, before_script: [REGISTRY_LOGIN], script: image.build.split('\n') };
}

export function containerScanJob(image: ImagePlan, scan: ToolRun): Json {
  const variables = { TRIVY_USERNAME: '$CI_REGISTRY_USER', TRIVY_PASSWORD: '$CI_REGISTRY_PASSWORD' };
  return toolJob(scan, 'container-scan', { needs: [`package-${image.component.id}`], variables, rules: PUSHES_ONLY });
}

function deployBase(deploy: DeployPlan, action?: string): Json {
  return {
    image: shellImage(deploy.image),
    // A deploy half done must finish (or roll back), never be cancelled by a newer pipeline.
    interruptible: false,
    environment: { name: deploy.environment, ...(action ? { action } : { deployment_tier: deploy.environment }) },
    ...(deploy.fromSource && { variables: { GIT_DEPTH: '0' } }),
  };
}

/**
 * Deploy, smoke test and roll back one environment, three jobs in three stages. Production's
 * deploy is `when: manual`: someone allowed to deploy to the (protected) environment starts it.
 */
export function deployJobs(deploy: DeployPlan, needs: readonly string[]): Record<string, Json> {
  const env = deploy.environment;
  const onBranch = branchCondition(deploy.branches);
  const deployRule = deploy.gated ? { if: onBranch, when: 'manual' } : { if: onBranch };
  return {
    [`deploy-${env}`]: { stage: `deploy-${env}`, needs: [...needs], ...deployBase(deploy), resource_group: env, rules: [deployRule], script: deploy.deploy.split('\n') },
    [`smoke-${env}`]: { stage: `smoke-${env}`, needs: [`deploy-${env}`], ...deployBase(deploy, 'verify'), rules: [{ if: onBranch }], script: [deploy.smoke] },
    [`rollback-${env}`]: {
      stage: `rollback-${env}`,
      needs: [`deploy-${env}`, `smoke-${env}`],
      ...deployBase(deploy, 'access'),
      resource_group: env,
      rules: [{ if: onBranch, when: 'on_failure' }],
      script: deploy.rollback.split('\n'),
    },
  };
}

