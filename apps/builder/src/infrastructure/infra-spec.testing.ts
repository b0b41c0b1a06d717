import {
  cloudSpecOf,
  environmentsOf,
  infrastructureSpecOf,
  InfrastructureRequest,
  InfraGenerateTriggered,
  type CloudSpec,
  type InfrastructureSpec,
} from '@jetway/contracts';

type Compute = 'containers' | 'vms' | 'serverless' | 'hybrid';

/** A request as a user writes it, parsed by the contract (defaults filled); `extra` overrides any field. */
export function infraRequest(extra: Record<string, unknown> = {}, compute: Compute = 'vms'): InfrastructureRequest {
  return InfrastructureRequest.parse({
    kind: 'infrastructure',
    idempotency_key: 'shop-infra-0001',
    stack: 'shop',
    requested_by: 'platform',
    application_requirements: {
      compute: { type: compute },
      storage: { types: ['object', 'relational_database', 'cache'], capacity: '100GB' },
      networking: { security_zones: ['public', 'private', 'data'], external_access: true },
    },
    cloud_provider: 'aws',
    environment_type: 'production',
    budget_constraints: { monthly_limit: 2000 },
    ...extra,
  });
}

export function infraSpec(extra: Record<string, unknown> = {}, compute: Compute = 'vms'): InfrastructureSpec {
  return infrastructureSpecOf(infraRequest(extra, compute));
}

export function cloudSpec(extra: Record<string, unknown> = {}, compute: Compute = 'vms'): CloudSpec {
  const cloud = cloudSpecOf(infraSpec(extra, compute));
  if (!cloud) throw new Error('the test spec has no cloud part');
  return cloud;
}

/** The generate step's trigger for a spec, with the run's environments as the planner computes them. */
export function infraTrigger(spec: InfrastructureSpec, runId = '01HZX3K9V7Q8R2T4W6Y8A0C2E4'): InfraGenerateTriggered {
  return InfraGenerateTriggered.parse({ run_id: runId, step_id: 'generate', attempt: 1, spec, environments: environmentsOf(spec.environment_type) });
}

/** A messaging-only request's messaging part. */
export const ORDERS_MESSAGING = {
  managed_prefix: 'orders',
  streams: [{ name: 'orders', subjects: ['orders.>'], max_age_seconds: 86400 }],
  consumers: [{ stream: 'orders', name: 'orders-worker' }],
  kv: [{ bucket: 'orders-state', history: 5 }],
};
