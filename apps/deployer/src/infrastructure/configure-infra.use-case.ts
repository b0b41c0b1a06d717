import type { InfraConfigureTriggered } from '@jetway/contracts';
import { changedTasks, totalChanged } from '../iac/ansible';
import { loadBundle } from './bundle';
import type { InfraDeps } from './infra.ports';
import { requireLock } from './locks';
import { configurationPaths } from './plan-infra.use-case';
import { syncWorkspace } from './workspace';

export type InfraConfigureResult =
  | { readonly configured: true; readonly changed_first: number; readonly changed_second: number; readonly tasks: string[] }
  | { readonly configured: false; readonly reason: string };

/** The contract's cap on listed tasks. */
const MAX_TASKS = 200;

/**
 * infra-configure: the bundle's Ansible playbook applied for real against its inventory, then
 * applied again, which must change nothing (`NotIdempotentError` names the tasks that did).
 * Only the run holding the stack environment's lock configures it.
 */
export async function configureInfra(trigger: InfraConfigureTriggered, deps: InfraDeps): Promise<InfraConfigureResult> {
  const bundle = await loadBundle(deps.bundles, trigger.digest, trigger.stack);
  if (!bundle.manifest.has_configuration) {
    return { configured: false, reason: `bundle ${trigger.digest} has no configuration stage (no ansible/playbook.yml): nothing was configured` };
  }
  await requireLock(deps.store, trigger.stack, trigger.environment, trigger.run_id, 'configured');
  const dir = deps.workspace(trigger.stack, trigger.environment);
  await syncWorkspace(dir, bundle.files);
  const { playbook, inventory } = configurationPaths(bundle, dir, trigger.spec.configuration?.inventory);
  const first = await deps.ansible.apply(playbook, inventory);
  const second = await deps.ansible.assertIdempotent(playbook, inventory);
  return { configured: true, changed_first: totalChanged(first), changed_second: totalChanged(second), tasks: changedTasks(first).slice(0, MAX_TASKS) };
}
