import { join } from 'node:path';
import { cloudSpecOf, type InfraPlanReview, type InfraPlanTriggered } from '@jetway/contracts';
import { PermanentError } from '@jetway/messaging';
import { describePlan as describeMessagingPlan, type MessagingPlan } from '../iac/jetstream';
import type { TerraformPlan } from '../iac/terraform';
import { BUNDLE_PATHS, hasFile, hasTerraformRoot, loadBundle, messagingOf, refuseGenerateOnly, type InfraBundle } from './bundle';
import type { InfraDeps } from './infra.ports';
import { acquireLocks } from './locks';
import { configurationLines, reviewOf } from './review';
import { syncWorkspace } from './workspace';

export interface InfraPlanResult {
  readonly review: InfraPlanReview;
  /** What was planned, for the step's log: Terraform's plan line, the messaging diff, the check-mode lines. */
  readonly log: string;
}

/**
 * infra-plan: lock every environment of the run first (all or none; another run's lock fails the
 * step at once, naming it), then write the bundle into the stack environment's workspace and plan
 * it — `packer validate` and `ansible-playbook --syntax-check` first (either failing fails the plan),
 * then Terraform (`environments/<env>`), the JetStream diff against the mesh's nats-server, and
 * `ansible-playbook --check --diff` — and store the reviewed plan under its hash for apply.
 */
export async function planInfra(trigger: InfraPlanTriggered, deps: InfraDeps): Promise<InfraPlanResult> {
  const { stack, environment, run_id, spec } = trigger;
  refuseGenerateOnly({ tool: spec.iac_tool, generateOnly: false, cloud: cloudSpecOf(spec) !== undefined }, 'plan');
  await acquireLocks(deps.store, { stack, environments: [...trigger.lock_environments, environment], run_id, requested_by: spec.requested_by, now: deps.now() });
  return deps.exclusive(stack, environment, () => planLocked(trigger, deps));
}

async function planLocked(trigger: InfraPlanTriggered, deps: InfraDeps): Promise<InfraPlanResult> {
  const { stack, environment, run_id, spec } = trigger;
  const bundle = await loadBundle(deps.bundles, trigger.digest, stack);
  const { manifest } = bundle;
  refuseGenerateOnly({ tool: manifest.tool, generateOnly: manifest.generate_only, cloud: manifest.cloud_provider !== undefined }, 'plan');
  if (!manifest.environments.includes(environment)) {
    throw new PermanentError(`bundle ${bundle.digest} was generated for [${manifest.environments.join(', ')}], not ${environment}: generate the stack for ${environment} first`);
  }
  const dir = deps.workspace(stack, environment);
  await syncWorkspace(dir, bundle.files);

  await validateImage(bundle, dir, deps);
  const configuration = await checkConfiguration(bundle, dir, spec.configuration?.inventory, deps);
  const terraform = await planTerraform(bundle, dir, environment, deps);
  const messaging = manifest.has_messaging ? await deps.messaging.plan(messagingOf(bundle)) : undefined;
  if (!terraform && !messaging) {
    throw new PermanentError(`bundle ${bundle.digest} holds nothing to plan for ${environment}: no ${BUNDLE_PATHS.terraformRoot(environment)}/*.tf and no messaging declaration`);
  }

  const review = reviewOf({ ...(terraform ? { terraform: { summary: terraform.summary, hash: terraform.hash } } : {}), ...(messaging ? { messaging } : {}), configuration }, { stack, environment, run_id });
  await deps.store.putPlan({
    hash: review.hash,
    stack,
    environment,
    run_id,
    digest: bundle.digest,
    planned_at: deps.now().toISOString(),
    review,
    ...(terraform ? { terraform: { root: join(dir, BUNDLE_PATHS.terraformRoot(environment)), plan_file: terraform.planFile, hash: terraform.hash, sentence: terraform.summary.sentence } } : {}),
    ...(messaging ? { messaging: { ...messaging, changes: messaging.changes.map((c) => ({ ...c })) } } : {}),
  });
  return { review, log: planLog(review, terraform, messaging) };
}

/** `packer validate packer/image.pkr.json` when the bundle has an image build: errors fail the plan. */
async function validateImage(bundle: InfraBundle, dir: string, deps: InfraDeps): Promise<void> {
  if (!hasFile(bundle, BUNDLE_PATHS.packer)) return;
  const result = await deps.packer.validate(join(dir, BUNDLE_PATHS.packer));
  if (!result.ok) throw new PermanentError(`packer validate ${BUNDLE_PATHS.packer} failed: ${result.errors.join('; ')} — fix the image template; nothing was planned`);
}

/** The configuration stage's plan: the playbook must parse (else the plan fails with ansible's message), then check mode. */
async function checkConfiguration(bundle: InfraBundle, dir: string, specInventory: string | undefined, deps: InfraDeps): Promise<string[]> {
  if (!bundle.manifest.has_configuration) return [];
  const { playbook, inventory } = configurationPaths(bundle, dir, specInventory);
  await deps.ansible.syntaxCheck(playbook, inventory);
  return configurationLines(await deps.ansible.checkDiff(playbook, inventory));
}

/** The playbook and the inventory `-i` takes: the bundle's `ansible/inventory`, else the request's (default `localhost,`). */
export function configurationPaths(bundle: InfraBundle, dir: string, specInventory: string | undefined): { playbook: string; inventory: string } {
  if (!hasFile(bundle, BUNDLE_PATHS.playbook)) {
    throw new PermanentError(`bundle ${bundle.digest}: jetway-stack.json says has_configuration but there is no ${BUNDLE_PATHS.playbook}`);
  }
  const inventory = hasFile(bundle, BUNDLE_PATHS.inventory) ? join(dir, BUNDLE_PATHS.inventory) : (specInventory ?? 'localhost,');
  return { playbook: join(dir, BUNDLE_PATHS.playbook), inventory };
}

async function planTerraform(bundle: InfraBundle, dir: string, environment: string, deps: InfraDeps): Promise<TerraformPlan | undefined> {
  if (!hasTerraformRoot(bundle, environment)) {
    if (bundle.manifest.cloud_provider) {
      throw new PermanentError(`bundle ${bundle.digest} names cloud provider ${bundle.manifest.cloud_provider} but holds no ${BUNDLE_PATHS.terraformRoot(environment)}/*.tf: the generate step wrote no Terraform root for ${environment}`);
    }
    return undefined;
  }
  return deps.terraform.plan(join(dir, BUNDLE_PATHS.terraformRoot(environment)), environment);
}

function planLog(review: InfraPlanReview, terraform: TerraformPlan | undefined, messaging: MessagingPlan | undefined): string {
  return [
    `plan ${review.hash} (${review.environment}): ${review.add} to add, ${review.change} to change, ${review.destroy} to destroy, ${review.import} to import`,
    ...(terraform ? [`terraform: ${terraform.summary.sentence} (plan file ${terraform.planFile}, sha256 ${terraform.hash})`] : []),
    ...(messaging ? [`jetstream: ${describeMessagingPlan(messaging)}`] : []),
    ...review.changes.map((c) => `  ${c.action} ${c.address}`),
    ...(review.protected_destroys.length > 0 ? [`protected destroys (a second approver is needed): ${review.protected_destroys.join(', ')}`] : []),
    ...(review.configuration.length > 0 ? ['configuration (ansible-playbook --check --diff):', ...review.configuration.map((l) => `  ${l}`)] : []),
  ].join('\n');
}
