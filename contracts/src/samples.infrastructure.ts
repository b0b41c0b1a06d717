// Samples of the infrastructure pipeline's payloads, for contract tests (see samples.ts).
import type { InfrastructureSpec } from './pipeline/infrastructure-request.v1';
import type { EventInput, EventSubject } from './registry';

type InfraSubject = Extract<EventSubject, `jetway.step.infra-${string}` | `jetway.infra.${string}`>;

const RUN_ID = '01HZX3K9V7Q8R2T4W6Y8A0C2E4';
const DIGEST = `sha256:${'b'.repeat(64)}`;
const PLAN_HASH = 'c'.repeat(64);
const ref = { run_id: RUN_ID, attempt: 1 } as const;
const worker = 'deployer-1a2b3c4d';

/** The smallest infrastructure request the schema accepts: a messaging-only stack. */
export const MINIMAL_INFRASTRUCTURE_REQUEST = {
  kind: 'infrastructure' as const,
  idempotency_key: 'orders-infra-0001',
  stack: 'orders',
  environment_type: 'staging' as const,
  messaging: { managed_prefix: 'orders', streams: [{ name: 'orders', subjects: ['orders.>'] }] },
};

const spec: InfrastructureSpec = {
  stack: 'shop',
  requested_by: 'alice',
  application_requirements: {
    compute: { type: 'containers', scaling: { min: 1, max: 3, target_cpu_percent: 70 }, performance: 'standard' },
    storage: { types: ['relational_database'], performance: 'standard' },
    networking: { topology: 'single_vpc', security_zones: ['public', 'private', 'data'], external_access: true },
  },
  cloud_provider: 'aws',
  environment_type: 'production',
  compliance_requirements: ['pci_dss'],
  budget_constraints: { monthly_limit: 800, optimization_priority: 'balanced' },
  iac_tool: 'terraform',
  smoke_tests: [],
};
const plan = {
  hash: PLAN_HASH,
  environment: 'staging' as const,
  add: 2,
  change: 0,
  destroy: 1,
  import: 0,
  changes: [{ address: 'module.data.aws_db_instance.main', action: 'delete' }],
  protected_destroys: ['module.data.aws_db_instance.main'],
  configuration: [],
};
const drift = { stack: 'shop', environment: 'staging' as const, episode: 1, changes: [{ address: 'module.network.aws_security_group.web', action: 'update' }], applied_by_run: RUN_ID, checked_at: '2026-11-30T12:00:00Z' };

export const INFRASTRUCTURE_SAMPLES: { readonly [S in InfraSubject]: EventInput<S> } = {
  'jetway.step.infra-generate.triggered.v1': { ...ref, step_id: 'generate', spec, environments: ['staging', 'production'] },
  'jetway.step.infra-generate.started.v1': { ...ref, step_id: 'generate', worker: 'builder-1a2b3c4d' },
  'jetway.step.infra-generate.finished.v1': { ...ref, step_id: 'generate', outcome: 'succeeded', duration_ms: 30, outputs: { digest: DIGEST, files: ['environments/staging/main.tf'], tool: 'terraform', generate_only: false } },
  'jetway.step.infra-scan.triggered.v1': { ...ref, step_id: 'scan', stack: 'shop', digest: DIGEST, spec },
  'jetway.step.infra-scan.started.v1': { ...ref, step_id: 'scan', worker: 'scanner-1a2b3c4d' },
  'jetway.step.infra-scan.finished.v1': {
    ...ref,
    step_id: 'scan',
    outcome: 'succeeded',
    duration_ms: 80,
    outputs: { rules_run: 24, findings: [], cost: { monthly_usd: 412.5, limit_usd: 800, largest: [{ address: 'module.data.aws_db_instance.main', monthly_usd: 250 }], prices: 'aws-prices.json, 2026-11-30' } },
  },
  'jetway.step.infra-plan.triggered.v1': { ...ref, step_id: 'plan-staging', stack: 'shop', digest: DIGEST, environment: 'staging', lock_environments: ['staging', 'production'], spec },
  'jetway.step.infra-plan.started.v1': { ...ref, step_id: 'plan-staging', worker },
  'jetway.step.infra-plan.finished.v1': { ...ref, step_id: 'plan-staging', outcome: 'succeeded', duration_ms: 900, outputs: { plan } },
  'jetway.step.infra-apply.triggered.v1': { ...ref, step_id: 'apply-staging', stack: 'shop', digest: DIGEST, environment: 'staging', plan_hash: PLAN_HASH, spec },
  'jetway.step.infra-apply.started.v1': { ...ref, step_id: 'apply-staging', worker },
  'jetway.step.infra-apply.finished.v1': { ...ref, step_id: 'apply-staging', outcome: 'succeeded', duration_ms: 2000, outputs: { plan_hash: PLAN_HASH, applied: ['Apply complete! Resources: 2 added, 0 changed, 1 destroyed.'], changelog_sequence: 1 } },
  'jetway.step.infra-configure.triggered.v1': { ...ref, step_id: 'configure-staging', stack: 'shop', digest: DIGEST, environment: 'staging', spec },
  'jetway.step.infra-configure.started.v1': { ...ref, step_id: 'configure-staging', worker },
  'jetway.step.infra-configure.finished.v1': { ...ref, step_id: 'configure-staging', outcome: 'succeeded', duration_ms: 4000, outputs: { changed_first: 2, changed_second: 0, tasks: ['localhost: write motd (changed)'] } },
  'jetway.step.infra-verify.triggered.v1': { ...ref, step_id: 'verify-staging', stack: 'shop', digest: DIGEST, environment: 'staging', spec },
  'jetway.step.infra-verify.started.v1': { ...ref, step_id: 'verify-staging', worker },
  'jetway.step.infra-verify.finished.v1': { ...ref, step_id: 'verify-staging', outcome: 'succeeded', duration_ms: 300, outputs: { checks: [{ name: 'probe orders', passed: true }] } },
  'jetway.infra.drift.detected.v1': drift,
  'jetway.infra.drift.resolved.v1': { ...drift, changes: [] },
};

/** An approval request of an infrastructure review: the plan, bound by hash. */
export const INFRA_APPROVAL_REQUEST = { run_id: RUN_ID, step_id: 'review-staging', application: 'shop', digest: DIGEST, approvers: ['alice', 'bob'], plan, required_approvals: 2 };
