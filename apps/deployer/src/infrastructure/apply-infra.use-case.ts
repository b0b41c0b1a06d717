import type { InfraApplyTriggered } from '@jetway/contracts';
import { PermanentError } from '@jetway/messaging';
import type { MessagingPlan } from '../iac/jetstream';
import { TerraformCommandError } from '../iac/terraform';
import { loadBundle, messagingOf } from './bundle';
import type { InfraDeps } from './infra.ports';
import { requireLock } from './locks';
import type { ApplyMarker, ReviewedPlan } from './stack-records';

export interface InfraApplyOutputs {
  readonly plan_hash: string;
  readonly applied: string[];
  readonly changelog_sequence: number;
  readonly already_applied: boolean;
}

type Part = ApplyMarker['parts_done'][number];

/**
 * infra-apply: applies exactly the reviewed plan stored under `plan_hash` (Terraform re-hashes its
 * plan file, applyMessaging its plan document), then appends the changelog entry and records the
 * stack's applied configuration. Never twice: an `apply.<hash>` marker is written before anything
 * runs and after each part; a redelivery of an applied plan answers `already_applied` with the
 * recorded entry, and one that finds the marker `applying` (the deployer died mid-apply) runs only
 * the parts not done — Terraform refuses a plan file whose apply changed the state ("Saved plan is
 * stale"), which this turns into "plan again" rather than applying anything a second time.
 */
export async function applyInfra(trigger: InfraApplyTriggered, deps: InfraDeps): Promise<InfraApplyOutputs> {
  const plan = await deps.store.plan(trigger.plan_hash);
  const refusal = applyRefusal(plan, trigger);
  if (refusal || !plan) throw new PermanentError(`${refusal ?? 'no plan'}; nothing was applied`);
  const marker = await deps.store.marker(plan.hash);
  if (marker?.state === 'applied') {
    const sequence = marker.sequence ?? (await record(plan, trigger, marker, deps));
    return { plan_hash: plan.hash, applied: marker.applied ?? [], changelog_sequence: sequence, already_applied: true };
  }
  await requireLock(deps.store, plan.stack, plan.environment, trigger.run_id, 'applied');
  let progress: ApplyMarker = marker ?? { hash: plan.hash, stack: plan.stack, environment: plan.environment, run_id: plan.run_id, state: 'applying', started_at: deps.now().toISOString(), parts_done: [], applied: [] };
  for (const part of partsOf(plan).filter((p) => !progress.parts_done.includes(p))) {
    const interrupted = marker?.in_progress === part ? marker : undefined;
    progress = { ...progress, in_progress: part };
    await deps.store.putMarker(progress);
    const lines = part === 'terraform' ? await applyTerraform(plan, interrupted, deps) : await applyJetStream(plan, trigger, interrupted, deps);
    progress = { ...progress, in_progress: undefined, parts_done: [...progress.parts_done, part], applied: [...(progress.applied ?? []), ...lines] };
    await deps.store.putMarker(progress);
  }
  progress = { ...progress, state: 'applied', applied_at: deps.now().toISOString() };
  await deps.store.putMarker(progress);
  const sequence = await record(plan, trigger, progress, deps);
  return { plan_hash: plan.hash, applied: progress.applied ?? [], changelog_sequence: sequence, already_applied: false };
}

/** Why this trigger may not apply this plan (pure): unknown hash, another stack, environment, digest or run. */
export function applyRefusal(plan: ReviewedPlan | undefined, trigger: Pick<InfraApplyTriggered, 'plan_hash' | 'stack' | 'environment' | 'digest' | 'run_id'>): string | undefined {
  if (!plan) return `plan_hash ${trigger.plan_hash} names no plan a plan step stored: plan again and have that plan reviewed`;
  if (plan.stack !== trigger.stack || plan.environment !== trigger.environment) {
    return `plan ${plan.hash} is for ${plan.stack}/${plan.environment}, not ${trigger.stack}/${trigger.environment}`;
  }
  if (plan.digest !== trigger.digest) return `plan ${plan.hash} planned bundle ${plan.digest}, not ${trigger.digest}: plan the bundle you mean to apply`;
  if (plan.run_id !== trigger.run_id) return `plan ${plan.hash} was made and reviewed in run ${plan.run_id}, not ${trigger.run_id}: a run applies only its own reviewed plan`;
  return undefined;
}

export function partsOf(plan: ReviewedPlan): Part[] {
  return [...(plan.terraform ? (['terraform'] as const) : []), ...(plan.messaging ? (['messaging'] as const) : [])];
}

async function applyTerraform(plan: ReviewedPlan, interrupted: ApplyMarker | undefined, deps: InfraDeps): Promise<string[]> {
  const tf = plan.terraform;
  if (!tf) return [];
  try {
    const { stdout } = await deps.terraform.apply(tf.root, tf.plan_file, tf.hash, plan.environment);
    const complete = stdout.split('\n').find((line) => line.startsWith('Apply complete!'));
    return [complete ?? `terraform apply ${tf.plan_file}: done`];
  } catch (error) {
    if (interrupted && error instanceof TerraformCommandError && /Saved plan is stale/.test(error.stderr)) {
      throw new PermanentError(
        `the apply of plan ${plan.hash} started at ${interrupted.started_at} did not finish (the deployer stopped, or Terraform failed part-way), and Terraform now refuses ` +
          'its plan file as stale: the interrupted apply changed the state, so applying again could apply twice — plan again (the new plan ' +
          'shows what is left), have it reviewed and apply that; nothing was applied now',
      );
    }
    throw error;
  }
}

async function applyJetStream(plan: ReviewedPlan, trigger: InfraApplyTriggered, interrupted: ApplyMarker | undefined, deps: InfraDeps): Promise<string[]> {
  const reviewed = plan.messaging as MessagingPlan | undefined;
  if (!reviewed) return [];
  if (interrupted) {
    // The deployer died during this apply: what it did is not known. In sync with the declaration
    // means it finished; anything else is a new plan to review, never a second apply of this one.
    const fresh = await deps.messaging.plan(messagingOf(await loadBundle(deps.bundles, plan.digest, trigger.stack)));
    if (fresh.inSync) return ['jetstream: the interrupted apply had completed (the server matches the declaration)'];
    throw new PermanentError(`the apply of plan ${plan.hash} started at ${interrupted.started_at} was interrupted and the server does not match the declaration yet: plan again, have it reviewed and apply that; nothing was applied now`);
  }
  try {
    const applied = await deps.messaging.apply(reviewed, reviewed.hash);
    return applied.length > 0 ? applied.map((c) => `jetstream: ${c.action} ${c.kind} ${c.name}`) : ['jetstream: no change (the server matched the declaration)'];
  } catch (error) {
    throw new PermanentError(`applying the JetStream plan ${plan.hash} failed: ${(error as Error).message} — plan again to see where the server stands`, { cause: error });
  }
}

/** Appends the changelog entry (once per plan, with the spec applied) and records the applied configuration; returns the entry's sequence. */
async function record(plan: ReviewedPlan, trigger: InfraApplyTriggered, marker: ApplyMarker, deps: InfraDeps): Promise<number> {
  const appliedAt = marker.applied_at ?? deps.now().toISOString();
  const entry = await deps.store.appendChangelog({
    stack: plan.stack, environment: plan.environment, run_id: plan.run_id, digest: plan.digest, plan_hash: plan.hash, summary: summaryOf(plan), approved_by: trigger.approved_by, applied_at: appliedAt,
    // What `jetway rollback <stack> --infra` publishes again to restore this configuration.
    spec: trigger.spec,
  });
  const current = await deps.store.stack(plan.stack, plan.environment);
  if (!current || current.sequence <= entry.sequence) {
    await deps.store.putStack({ stack: plan.stack, environment: plan.environment, digest: plan.digest, plan_hash: plan.hash, spec: trigger.spec, run_id: plan.run_id, applied_at: appliedAt, sequence: entry.sequence });
  }
  await deps.store.putMarker({ ...marker, sequence: entry.sequence });
  return entry.sequence;
}

/** The changelog line: the counts, and the first addresses. */
export function summaryOf(plan: ReviewedPlan): string {
  const r = plan.review;
  const addresses = r.changes.slice(0, 5).map((c) => `${c.action} ${c.address}`);
  const more = r.changes.length > 5 ? `, and ${r.changes.length - 5} more` : '';
  const what = addresses.length > 0 ? `: ${addresses.join(', ')}${more}` : ': no changes';
  return `${r.add} added, ${r.change} changed, ${r.destroy} destroyed${r.import > 0 ? `, ${r.import} imported` : ''}${what}`;
}
