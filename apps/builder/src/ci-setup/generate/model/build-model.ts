import { ENVIRONMENT_ORDER, type DeploymentTarget, type GenerateTriggered } from '@jetway/contracts';
import { componentIds, planComponent } from './component-plan';
import { SMOKE_TEST, targetCommands } from './deploy-targets';
import type { ComponentPlan, DeployPlan, ImagePlan, NotifyPlan, PipelineModel } from './pipeline-model';
import { imagePlan, securityPlan } from './security-plan';
import { deployBranches, triggersFor } from './triggers';

/** What `buildPipelineModel` needs from the trigger. */
export type ModelInput = Pick<GenerateTriggered, 'application' | 'analysis' | 'deployment_targets' | 'quality_gates' | 'branching_strategy'>;

/** Posts the outcome to Slack when the platform has `SLACK_WEBHOOK_URL`; a pipeline without it says so and goes on. */
export function notifyPlan(application: string): NotifyPlan {
  const message = `{"text": "${application}: pipeline %s - %s"}`;
  const command = [
    'if [ -z "${SLACK_WEBHOOK_URL:-}" ]; then echo "SLACK_WEBHOOK_URL is not set: no notification"; exit 0; fi',
    `printf '${message}' "$PIPELINE_STATUS" "$PIPELINE_URL" | curl --fail --silent --show-error -X POST -H 'Content-Type: application/json' --data @- "$SLACK_WEBHOOK_URL"`,
  ].join('\n');
  return { command, env: ['SLACK_WEBHOOK_URL'] };
}

function planComponents(input: ModelInput, notes: string[]): ComponentPlan[] {
  const ids = componentIds(input.analysis.components);
  return input.analysis.components.map((component, index) => {
    const planned = planComponent(component, ids[index] ?? `c${index}`, input.quality_gates.test_coverage_threshold);
    notes.push(...planned.notes);
    return planned.plan;
  });
}

function planImages(input: ModelInput, components: readonly ComponentPlan[], notes: string[]): ImagePlan[] {
  const failOn = input.quality_gates.security_scan_required ? input.quality_gates.fail_on_severity : undefined;
  const images = components.map((component) => imagePlan(component, components.length === 1, failOn)).filter((image): image is ImagePlan => image !== undefined);
  const used = new Set(images.map((image) => image.dockerfile));
  for (const dockerfile of input.analysis.dockerfiles) {
    if (!used.has(dockerfile)) notes.push(`${dockerfile} belongs to no component: not built`);
  }
  if (images.length === 0) notes.push('no Dockerfile: no package or container-scan stage');
  for (const image of images) notes.push(`package: ${image.dockerfile} built as image ${image.name}${image.scan ? ', then scanned' : ''}`);
  return images;
}

/** Deploys in promotion order; each environment after the previous one when both deploy from the same branches. */
function planDeploys(input: ModelInput, images: readonly ImagePlan[], notes: string[]): DeployPlan[] {
  const byEnvironment = new Map<string, DeploymentTarget>();
  for (const target of input.deployment_targets) {
    if (byEnvironment.has(target.environment)) notes.push(`${target.environment}: a second target (${target.platform}) ignored; one deploy per environment`);
    else byEnvironment.set(target.environment, target);
  }
  const deploys: DeployPlan[] = [];
  for (const environment of ENVIRONMENT_ORDER) {
    const target = byEnvironment.get(environment);
    if (!target) continue;
    const commands = targetCommands(input.application, target, images);
    if ('skip' in commands) {
      notes.push(commands.skip);
      continue;
    }
    const branches = deployBranches(input.branching_strategy, environment);
    const previous = deploys[deploys.length - 1];
    const after = previous && previous.branches.join() === branches.join() ? previous.environment : undefined;
    deploys.push({ environment, target, branches, after, gated: environment === 'production', smoke: SMOKE_TEST, ...commands });
    notes.push(`deploy ${environment} to ${target.platform} from ${branches.join(', ')}${after ? ` after ${after}` : ''}${environment === 'production' ? ', behind a manual approval' : ''}`);
  }
  if (input.deployment_targets.length === 0) notes.push('no deployment targets: no deploy, smoke-test or rollback stages');
  return deploys;
}

/** The whole pipeline from the analysis and the request's choices (no I/O). */
export function buildPipelineModel(input: ModelInput): PipelineModel {
  const notes: string[] = [];
  const components = planComponents(input, notes);
  const security = input.quality_gates.security_scan_required ? securityPlan(components, input.quality_gates.fail_on_severity) : undefined;
  notes.push(security ? `security: secrets, dependencies and SAST fail at ${security.failOn} or above` : 'quality_gates.security_scan_required is false: no security stage');
  if (input.quality_gates.performance_benchmarks) notes.push('quality_gates.performance_benchmarks: no benchmark stage generated (the analysis names no benchmark command)');
  const images = planImages(input, components, notes);
  const deploys = planDeploys(input, images, notes);
  const triggers = triggersFor(input.branching_strategy, deploys.map((deploy) => deploy.environment));
  notes.push(`triggers (${input.branching_strategy}): pushes to ${triggers.push.join(', ')}; pull requests to ${triggers.pullRequest.join(', ')}`);
  return {
    application: input.application,
    components,
    security,
    images,
    deploys,
    triggers,
    notify: notifyPlan(input.application),
    coverageThreshold: input.quality_gates.test_coverage_threshold,
    notes,
  };
}
