import { join } from 'node:path';
import { cloudSpecOf, type InfrastructureSpec, type PlannedChange } from '@jetway/contracts';
import { configurationPaths, hasTerraformRoot, loadBundle, syncWorkspace, BUNDLE_PATHS, type InfraBundle, type InfraDeps } from '../infrastructure';
import type { AnsibleReport } from '../iac/ansible';
import type { PlanSummary } from '../iac/terraform';
import type { AppliedStack, DriftProbe, PartPlan } from './drift.ports';

/** What the bundle probes use of the infrastructure steps' dependencies. */
export type BundleProbeDeps = Pick<InfraDeps, 'bundles' | 'workspace' | 'terraform' | 'ansible' | 'exclusive'>;

/**
 * Runs `task` on the applied bundle written into the stack environment's workspace, alone there:
 * the infrastructure steps share the workspace (and Terraform's local state in it), and
 * `exclusive` keeps a drift check and a run's plan or apply apart.
 */
async function onAppliedBundle<T>(record: AppliedStack, deps: BundleProbeDeps, task: (bundle: InfraBundle, dir: string) => Promise<T>): Promise<T> {
  return deps.exclusive(record.stack, record.environment, async () => {
    const bundle = await loadBundle(deps.bundles, record.digest, record.stack);
    const dir = deps.workspace(record.stack, record.environment);
    await syncWorkspace(dir, bundle.files);
    return task(bundle, dir);
  });
}

/**
 * The cloud part: `terraform plan` of the applied bundle's root for the environment. A plan that
 * creates, changes, destroys, imports or forgets anything is drift; reads and moves alone are not
 * (nothing differs from the reviewed configuration).
 */
export class TerraformDriftProbe implements DriftProbe {
  readonly part = 'terraform';

  constructor(private readonly deps: BundleProbeDeps) {}

  covers(spec: InfrastructureSpec): boolean {
    return cloudSpecOf(spec) !== undefined && spec.iac_tool === 'terraform';
  }

  plan(record: AppliedStack): Promise<PartPlan> {
    return onAppliedBundle(record, this.deps, async (bundle, dir) => {
      if (!hasTerraformRoot(bundle, record.environment)) throw new Error(`the applied bundle ${record.digest} holds no ${BUNDLE_PATHS.terraformRoot(record.environment)}/*.tf to plan`);
      const plan = await this.deps.terraform.plan(join(dir, BUNDLE_PATHS.terraformRoot(record.environment)), record.environment);
      return { changes: terraformChanges(plan.summary), detail: plan.summary.sentence };
    });
  }
}

/** The resources a Terraform plan would change, with Terraform's action words. */
export function terraformChanges(summary: Pick<PlanSummary, 'resources'>): PlannedChange[] {
  const drifting = (r: PlanSummary['resources'][number]) => r.importing !== undefined || (r.action !== 'no-op' && r.action !== 'read');
  return summary.resources.filter(drifting).map((r) => ({ address: r.address, action: r.action === 'no-op' ? 'import' : r.action }));
}

/**
 * The configuration part: `ansible-playbook --check --diff` of the applied playbook against its
 * inventory. A task that would change is drift; a host that fails or cannot be reached in check
 * mode makes the check unknown (it says nothing about that host).
 */
export class AnsibleDriftProbe implements DriftProbe {
  readonly part = 'ansible';

  constructor(private readonly deps: BundleProbeDeps) {}

  covers(spec: InfrastructureSpec): boolean {
    return spec.configuration !== undefined;
  }

  plan(record: AppliedStack): Promise<PartPlan> {
    return onAppliedBundle(record, this.deps, async (bundle, dir) => {
      const { playbook, inventory } = configurationPaths(bundle, dir, record.spec.configuration?.inventory);
      return ansibleDrift(await this.deps.ansible.checkDiff(playbook, inventory));
    });
  }
}

/** Changed tasks as planned changes (`ansible.<host>.<task>` / `change`); failures make the check unknown. */
export function ansibleDrift(report: AnsibleReport): PartPlan {
  const failed = report.tasks.filter((t) => t.status === 'failed' || t.status === 'unreachable');
  if (failed.length > 0) {
    throw new Error(`ansible-playbook --check could not check ${failed.map((t) => `${t.host} (task "${t.task}" ${t.status}${t.msg ? `: ${t.msg.slice(0, 200)}` : ''})`).join(', ')}`);
  }
  const changes = report.tasks.filter((t) => t.changed && t.status === 'ok').map((t) => ({ address: `ansible.${t.host}.${t.task}`, action: 'change' }));
  const hosts = Object.keys(report.hosts).length;
  return { changes, detail: `ansible-playbook --check: ${changes.length} task${changes.length === 1 ? '' : 's'} would change on ${hosts} host${hosts === 1 ? '' : 's'}` };
}
