import type { JetStreamManager } from 'nats';
import { scopeOf, type InfrastructureSpec, type PlannedChange } from '@jetway/contracts';
import { canonical } from '../iac/jetstream/messaging-plan';
import { describePlan, planMessaging, readActual, type MessagingChange } from '../iac/jetstream';
import type { AppliedStack, DriftProbe, PartPlan } from './drift.ports';

/**
 * The messaging part of a stack: its applied declaration planned again against the mesh's
 * nats-server (the JetStream diff). Each change names the object and, for an update, the
 * settings that differ as `actual → declared` (what remediation would write).
 */
export class MessagingDriftProbe implements DriftProbe {
  readonly part = 'jetstream';

  constructor(private readonly jsm: JetStreamManager) {}

  covers(spec: InfrastructureSpec): boolean {
    return spec.messaging !== undefined;
  }

  async plan(record: AppliedStack): Promise<PartPlan> {
    const declared = record.spec.messaging;
    if (!declared) throw new Error(`stack ${record.stack} declares no messaging`);
    const plan = planMessaging(declared, await readActual(this.jsm, scopeOf(declared)));
    return { changes: plan.changes.filter((c) => c.action !== 'no-op').map(plannedChangeOf), detail: describePlan(plan) };
  }
}

/** `jetstream.stream.ORDERS` / `update max_age_seconds 7200 → 3600`. */
export function plannedChangeOf(change: MessagingChange): PlannedChange {
  const settings = change.differences.map((d) => `${d.setting} ${canonical(d.actual)} → ${canonical(d.declared)}`).join(', ');
  const action = [change.action, settings, change.reason ? `(${change.reason})` : ''].filter((part) => part !== '').join(' ');
  return { address: `jetstream.${change.kind}.${change.name}`, action };
}
