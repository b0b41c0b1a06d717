/**
 * Streams, buckets and stores, declared once here and provisioned (idempotently) by every
 * service at boot. Only nats-server 2.9 features: one filter subject per consumer.
 */
export const STREAMS = {
  events: {
    name: 'JETWAY_EVENTS',
    subjects: ['jetway.pipeline.>', 'jetway.step.>', 'jetway.approval.>', 'jetway.timer.>', 'jetway.rollout.>', 'jetway.operator.>', 'jetway.incident.>', 'jetway.infra.>'],
    /** The audit log: runs can be rebuilt from it. */
    maxAgeSeconds: 30 * 24 * 3600,
    duplicateWindowSeconds: 120,
  },
  deadLetters: {
    name: 'JETWAY_DLQ',
    subjects: ['jetway-dlq.>'],
    maxAgeSeconds: 30 * 24 * 3600,
    duplicateWindowSeconds: 120,
  },
} as const;

export const BUCKETS = {
  /** Run state, written by the planner only, compare-and-set on revision. */
  runs: { name: 'jetway-runs', ttlSeconds: 0, history: 1 },
  /** Claims for external effects (and request keys → run ids); entries expire. */
  idempotency: { name: 'jetway-idempotency', ttlSeconds: 7 * 24 * 3600, history: 1 },
  /** Facts about digests (`scan.<hex>`, `verified.<env>.<hex>`); gates read these only. */
  attestations: { name: 'jetway-attestations', ttlSeconds: 0, history: 5 },
  /** What runs now per (application, environment): `<app>.<env>`. */
  releases: { name: 'jetway-releases', ttlSeconds: 0, history: 10 },
  /** Rollouts in progress, `<app>.<env>` → strategy, stage, weight, paused: a deployer restart resumes them. */
  rollouts: { name: 'jetway-rollouts', ttlSeconds: 0, history: 1 },
  /** Approvers an operator enrolled: `approver.<name>` → the public nkey their decisions are signed with. */
  approvers: { name: 'jetway-approvers', ttlSeconds: 0, history: 5 },
  /**
   * Infrastructure stacks (the deployer's stack store): `lock.<stack>.<env>`, `stack.<stack>.<env>`
   * (the last applied configuration), `changelog.<stack>.<env>.<seq>`, `plan.<hash>`, `apply.<hash>`.
   */
  infra: { name: 'jetway-infra', ttlSeconds: 0, history: 5 },
  /**
   * Objects of the artifacts store up to SMALL_OBJECT_BYTES (step logs, SARIF, small artifacts),
   * one KV write each instead of the object store's chunk and meta writes; keyed by object name.
   */
  smallObjects: { name: 'jetway-small-objects', ttlSeconds: 0, history: 1 },
} as const;
export type BucketName = keyof typeof BUCKETS;

export const OBJECT_STORES = { artifacts: { name: 'jetway-artifacts' } } as const;

/** The largest object kept in the `smallObjects` bucket; larger ones go to the object store in chunks. */
export const SMALL_OBJECT_BYTES = 64 * 1024;

/**
 * The largest step log (UTF-8 bytes) carried inline in the step's `finished` event (its `log`)
 * instead of stored as an object (`log_object`): most step logs are a few lines, and an inline
 * one saves the `smallObjects` write a stored one costs.
 */
export const INLINE_LOG_BYTES = 4 * 1024;

/** Dead letters go to `jetway-dlq.<original subject>` with these headers. */
export const DLQ_PREFIX = 'jetway-dlq';
export const DLQ_HEADERS = {
  reason: 'jetway-dlq-reason',
  service: 'jetway-dlq-service',
  consumer: 'jetway-dlq-consumer',
  deliveries: 'jetway-dlq-deliveries',
  streamSeq: 'jetway-dlq-stream-seq',
  originalSubject: 'jetway-dlq-original-subject',
} as const;

export function attestationKey(kind: 'scan', digest: string): string;
export function attestationKey(kind: 'verified', digest: string, environment: string): string;
export function attestationKey(kind: 'scan' | 'verified', digest: string, environment?: string): string {
  const hex = digest.replace(/^sha256:/, '');
  return kind === 'scan' ? `scan.${hex}` : `verified.${environment}.${hex}`;
}

export function releaseKey(application: string, environment: string): string {
  return `${application}.${environment}`;
}

/** Object name of an artifact in the artifacts store: its digest with ':' → '-' (names exclude ':'). */
export function artifactObjectName(digest: string): string {
  return digest.replace(':', '-');
}

/** Object name of the SARIF report for a digest: `sarif-<hex>`. */
export function sarifObjectName(digest: string): string {
  return `sarif-${digest.slice(digest.indexOf(':') + 1)}`;
}

/** Object name of a step attempt's log (build output, instance logs): what `jetway logs` prints. */
export function stepLogObjectName(ref: { run_id: string; step_id: string; attempt: number }): string {
  return `step-log-${ref.run_id}-${ref.step_id}-${ref.attempt}`;
}

/** `approver.<base64url(name)>`: any approver name, as a KV-safe key. */
export function approverKey(name: string): string {
  return `approver.${Buffer.from(name, 'utf8').toString('base64url')}`;
}
