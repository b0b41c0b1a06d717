import { ChangelogEntry, InfrastructureSpec, type EnvironmentType } from '@jetway/contracts';
import type { InfraRollbackCommand } from './parse-infra-args';

/** A messaging stack's spec whose stream keeps messages `maxAge` seconds. */
export function ordersSpec(maxAge: number, environmentType: EnvironmentType = 'staging'): InfrastructureSpec {
  return InfrastructureSpec.parse({
    stack: 'orders', requested_by: 'alice', environment_type: environmentType, compliance_requirements: [], iac_tool: 'terraform',
    messaging: { managed_prefix: 'orders', streams: [{ name: 'orders_events', subjects: ['orders.events.>'], max_age_seconds: maxAge }] },
  });
}

/** A changelog entry as the deployer records it; `digest` is one hex digit repeated. */
export function entry(sequence: number, digest: string, spec: InfrastructureSpec | undefined, environment: EnvironmentType = 'staging'): ChangelogEntry {
  return ChangelogEntry.parse({
    sequence, stack: 'orders', environment, run_id: `01J9Z8X7W6V5T4S3R2Q1P0N9M${sequence}`, digest: `sha256:${digest.repeat(64)}`, plan_hash: String(sequence).repeat(64),
    summary: `0 added, 1 changed, 0 destroyed: update jetstream.stream.orders_events`, approved_by: ['policy:auto'], applied_at: `2026-01-0${sequence}T10:00:00.000Z`, ...(spec && { spec }),
  });
}

export function rollback(extra: Partial<InfraRollbackCommand> = {}): InfraRollbackCommand {
  return { command: 'infra-rollback', stack: 'orders', environment: 'staging', approvers: ['alice'], autoApprove: true, json: false, ...extra };
}
