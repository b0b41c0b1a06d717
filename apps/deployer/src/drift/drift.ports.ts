import type { EnvironmentType, InfrastructureSpec, PlannedChange } from '@jetway/contracts';
import type { DriftPublication, DriftState } from './drift-episode';

/** A stack's last applied configuration in one environment, as the infrastructure store records it. */
export interface AppliedStack {
  readonly stack: string;
  readonly environment: EnvironmentType;
  /** The generated files applied (Object Store digest). */
  readonly digest: string;
  readonly plan_hash: string;
  readonly spec: InfrastructureSpec;
  readonly run_id: string;
  readonly applied_at: string;
  readonly sequence: number;
}

/** The stacks applied so far (the infrastructure store, read only). */
export interface StackRecords {
  /** Every applied stack and environment; only those of `stack` when given. */
  list(stack?: string): Promise<AppliedStack[]>;
  get(stack: string, environment: EnvironmentType): Promise<AppliedStack | undefined>;
  /** The run holding the stack environment's lock (planning or applying it now); undefined when free. */
  holder(stack: string, environment: EnvironmentType): Promise<string | undefined>;
}

/** What one part of a stack would change now, had its last applied configuration been planned again. */
export interface PartPlan {
  readonly changes: readonly PlannedChange[];
  /** What was compared, in one line (the plan's hash, the counts). */
  readonly detail: string;
}

/**
 * Re-plans one part of a stack (the cloud part through Terraform, the messaging part against the
 * nats-server, the configuration through `ansible-playbook --check`). `plan` rejects when the
 * check cannot run; the error's message says why (the check is then "unknown", never "in sync").
 */
export interface DriftProbe {
  /** `terraform`, `jetstream`, `ansible`: names the part in a report. */
  readonly part: string;
  /** Whether the stack has this part. */
  covers(spec: InfrastructureSpec): boolean;
  plan(record: AppliedStack): Promise<PartPlan>;
}

/** The drift state per stack and environment (KV jetway-drift), compare-and-set on the revision. */
export interface DriftStates {
  read(stack: string, environment: EnvironmentType): Promise<{ readonly value: DriftState; readonly revision: number } | undefined>;
  /** Writes `state` if the key is still at `revision` (absent: still missing); rejects with StaleRevisionError otherwise. */
  write(state: DriftState, revision: number | undefined): Promise<void>;
}

/** Publishes a drift event under its deterministic id (JetStream drops a repeat). */
export interface DriftEvents {
  publish(publication: DriftPublication): Promise<void>;
}
