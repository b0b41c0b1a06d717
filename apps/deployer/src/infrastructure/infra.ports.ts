import type { MessagingDeclaration, VerifiedAttestation } from '@jetway/contracts';
import type { AnsibleReport } from '../iac/ansible';
import type { AppliedChange, MessagingPlan, VerifyReport } from '../iac/jetstream';
import type { PackerValidation } from '../iac/packer';
import type { TerraformPlan } from '../iac/terraform';
import type { BundleSource } from './bundle';
import type { InfraStackStore } from './stack-store';

// The ports the infrastructure use cases drive; infra-wiring.ts binds them to the iac/ drivers.

/** Terraform (or OpenTofu) over a root directory: `TerraformDriver`. */
export interface TerraformPort {
  plan(root: string, workspace?: string): Promise<TerraformPlan>;
  /** Applies `planFile` only if it still hashes to `hash`; resolves with Terraform's output. */
  apply(root: string, planFile: string, hash: string, workspace?: string): Promise<{ readonly stdout: string }>;
}

/** JetStream streams, consumers and KV buckets on the mesh's own nats-server. */
export interface MessagingPort {
  plan(declared: MessagingDeclaration): Promise<MessagingPlan>;
  /** Applies exactly `plan` if its hash is `expectedHash` (`sha256:<hex>`). */
  apply(plan: MessagingPlan, expectedHash: string): Promise<AppliedChange[]>;
  verify(declared: MessagingDeclaration): Promise<VerifyReport>;
}

/** ansible-playbook for real: `AnsibleRunner`. */
export interface AnsiblePort {
  syntaxCheck(playbook: string, inventory: string): Promise<void>;
  checkDiff(playbook: string, inventory: string): Promise<AnsibleReport>;
  apply(playbook: string, inventory: string): Promise<AnsibleReport>;
  assertIdempotent(playbook: string, inventory: string): Promise<AnsibleReport>;
}

/** `packer validate`. */
export interface PackerPort {
  validate(template: string): Promise<PackerValidation>;
}

/** One HTTP GET: the status code; rejects on a network error or past `timeoutMs`. */
export type SmokeGet = (url: string, timeoutMs: number) => Promise<number>;

/** Everything the infrastructure steps use. */
export interface InfraDeps {
  readonly store: InfraStackStore;
  readonly bundles: BundleSource;
  /** `<data>/infra/<stack>/<env>`: where a stack environment's bundle is written and planned. */
  readonly workspace: (stack: string, environment: string) => string;
  readonly terraform: TerraformPort;
  readonly messaging: MessagingPort;
  readonly ansible: AnsiblePort;
  readonly packer: PackerPort;
  readonly get: SmokeGet;
  readonly attestations: { recordVerified(attestation: VerifiedAttestation): Promise<void> };
  readonly now: () => Date;
  /**
   * Runs `task` alone for (stack, environment) in this deployer: nothing else writes or plans that
   * workspace meanwhile (a drift check shares it). Locks keep other runs out; this keeps a run's
   * steps and the drift checker apart.
   */
  readonly exclusive: <T>(stack: string, environment: string, task: () => Promise<T>) => Promise<T>;
}
