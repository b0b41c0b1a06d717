import {
  BUCKETS,
  kindsOwnedBy,
  OBJECT_STORES,
  stepSubject,
  STREAMS,
  WORK_STEP_KINDS,
  type BucketName,
  type WorkerService,
} from '@jetway/contracts';

/** A commented group of subjects in a permission list. */
export interface Group {
  readonly comment: string;
  readonly subjects: readonly string[];
}

/** One service's NATS user: what it may publish (and request) and subscribe to. */
export interface UserPermissions {
  readonly variable: string;
  readonly about: string;
  readonly publish: readonly Group[];
  readonly subscribe: readonly string[];
  readonly allowResponses?: boolean;
}

const STORE_NAMES = [...Object.values(STREAMS).map((s) => s.name), ...Object.values(BUCKETS).map((b) => `KV_${b.name}`), ...Object.values(OBJECT_STORES).map((o) => `OBJ_${o.name}`)];

/** Every service runs ensureTopology at boot: account info, stream info, create/update of every store. */
function bootstrap(): Group {
  return {
    comment: `bootstrap (every service runs ensureTopology): account info, stream info, the ${STORE_NAMES.length} streams`,
    subjects: ['$JS.API.INFO', '$JS.API.STREAM.INFO.*', '$JS.API.STREAM.NAMES', ...STORE_NAMES.flatMap((name) => [`$JS.API.STREAM.CREATE.${name}`, `$JS.API.STREAM.UPDATE.${name}`])],
  };
}

/** Reading a KV bucket or the object store: direct and stream gets, and the ordered consumers nats.js reads with. */
function reads(stream: string): string[] {
  return [`$JS.API.DIRECT.GET.${stream}`, `$JS.API.DIRECT.GET.${stream}.>`, `$JS.API.STREAM.MSG.GET.${stream}`, `$JS.API.CONSUMER.CREATE.${stream}`, `$JS.API.CONSUMER.CREATE.${stream}.>`, `$JS.FC.${stream}.>`];
}

/** Reads a bucket and writes the given keys (`>` for all). */
export function kv(bucket: BucketName, comment: string, writes: readonly string[] = []): Group {
  const name = BUCKETS[bucket].name;
  return { comment, subjects: [...writes.map((key) => `$KV.${name}.${key}`), ...reads(`KV_${name}`)] };
}

/**
 * Reads the artifacts store and its small-objects bucket, and writes objects when `write`
 * (put() purges the chunks of the object it replaces; ArtifactObjects keeps small ones in the bucket).
 */
export function objects(comment: string, write: boolean): Group {
  const name = OBJECT_STORES.artifacts.name;
  const small = BUCKETS.smallObjects.name;
  const writes = write ? [`$O.${name}.C.>`, `$O.${name}.M.>`, `$JS.API.STREAM.PURGE.OBJ_${name}`, `$KV.${small}.>`] : [];
  return { comment, subjects: [...writes, ...reads(`OBJ_${name}`), ...reads(`KV_${small}`)] };
}

/** The durable pull consumer `<service>--<subject>` on JETWAY_EVENTS (libs/messaging durableName). */
export function durable(service: string, subject: string): Group {
  const name = `${service}--${subject.replace(/[.*>]/g, '_')}`;
  const api = (verb: string) => `$JS.API.${verb}.${STREAMS.events.name}.${name}`;
  return {
    comment: `durable ${name}`,
    subjects: [api('CONSUMER.INFO'), api('CONSUMER.CREATE'), `${api('CONSUMER.CREATE')}.>`, api('CONSUMER.DURABLE.CREATE'), api('CONSUMER.MSG.NEXT'), `$JS.ACK.${STREAMS.events.name}.${name}.>`],
  };
}

/** Alerts as events: published by the monitor-configurator's alert ingress, delivered by the notifier. */
const INCIDENT_SUBJECTS = ['jetway.incident.detected.v1', 'jetway.incident.resolved.v1'] as const;
/** Infrastructure drift, once per episode: published by the deployer, delivered by the notifier. */
const DRIFT_SUBJECTS = ['jetway.infra.drift.detected.v1', 'jetway.infra.drift.resolved.v1'] as const;

const EFFECTS = kv('idempotency', 'effect ledger (libs/messaging EffectLedger): claims in the idempotency bucket, and the write probe', ['>']);

/** A step's finished read back from the stream: a worker's record of an outside effect, the planner's at a deadline. */
const STORED_FINISHED = (why: string): Group => ({ comment: why, subjects: ['$JS.API.STREAM.MSG.GET.JETWAY_EVENTS'] });

/** What a worker service may do besides its step kinds' events, and why; `consumes`: other subjects it has a durable on. */
const WORKER_EXTRAS: Record<WorkerService, { about: string; groups: Group[]; consumes?: string[]; answers?: string[] }> = {
  builder: {
    about: 'builds sources into artifacts; analyses projects, generates, proves and publishes CI configuration',
    groups: [objects('writes artifacts, source trees, CI bundles and step logs', true)],
  },
  scanner: {
    about: 'scans artifacts and validates CI configuration; writes SARIF and the scan attestation (scan.<hex> only)',
    groups: [objects('reads artifacts, writes SARIF reports and step logs', true), kv('attestations', 'its attestations and its write-probe key', ['scan.>', 'health.scanner'])],
  },
  deployer: {
    about: 'rolls out and verifies; plans and applies infrastructure stacks; writes releases and verified.<env>.<hex> attestations',
    groups: [
      kv('infra', 'infrastructure stacks: locks, applied records, changelogs, reviewed plans, apply markers, drift state', ['>']),
      { comment: 'drift of applied stacks, once per episode', subjects: [...DRIFT_SUBJECTS] },
      objects('reads artifacts; the step log of each deploy attempt (instance output)', true),
      kv('releases', 'what runs where', ['>']),
      kv('rollouts', 'rollouts in progress (resumed after a restart)', ['>']),
      kv('attestations', 'verified attestations and its write-probe key (reads scan ones for its own gate)', ['verified.>', 'health.deployer']),
      { comment: 'the progress of its rollouts', subjects: ['jetway.rollout.progressed.v1'] },
    ],
    consumes: ['jetway.rollout.commanded.v1', 'jetway.pipeline.finished.v1'],
    answers: ['jetway.query.infra-drift.v1', 'jetway.query.infra-changelog.v1'],
  },
  'monitor-configurator': {
    about: 'generates, validates, applies and verifies monitoring bundles; its alert ingress publishes incidents',
    groups: [
      objects('writes monitoring bundles and step logs; reads bundles to validate and apply them', true),
      { comment: 'alerts from Alertmanager, through its alert ingress', subjects: [...INCIDENT_SUBJECTS] },
    ],
  },
};

/** A worker: the started/finished events of the kinds it owns, their dead letters, its durables. */
export function workerPermissions(service: WorkerService): UserPermissions {
  const kinds = kindsOwnedBy(service);
  const triggers = [...kinds.map((kind) => stepSubject(kind, 'triggered')), ...(WORKER_EXTRAS[service].consumes ?? [])];
  const extras = WORKER_EXTRAS[service];
  return {
    variable: `${service.toUpperCase().replace(/-/g, '_')}_PERMISSIONS`,
    about: `${service}: ${extras.about}.`,
    publish: [
      bootstrap(),
      {
        comment: 'its step phases and the dead letters of what it consumes',
        subjects: [...kinds.flatMap((kind) => [stepSubject(kind, 'started'), stepSubject(kind, 'finished')]), ...triggers.map((t) => `jetway-dlq.${t}`)],
      },
      EFFECTS,
      STORED_FINISHED("its step's finished read back from the stream: the record of an outside effect a redelivery finds"),
      ...extras.groups,
      ...triggers.map((subject) => durable(service, subject)),
    ],
    subscribe: ['_INBOX.>', ...triggers, ...(extras.answers ?? [])],
    ...(extras.answers && { allowResponses: true }),
  };
}

/** The planner: the only writer of run state; hears every step kind's started/finished. */
export function plannerPermissions(): UserPermissions {
  const consumed = [
    'jetway.pipeline.requested.v1',
    ...WORK_STEP_KINDS.flatMap((kind) => [stepSubject(kind, 'started'), stepSubject(kind, 'finished')]),
    'jetway.approval.decided.v1',
    'jetway.operator.decided.v1',
    'jetway.rollout.progressed.v1',
    'jetway.timer.step-deadline.v1',
  ];
  return {
    variable: 'PLANNER_PERMISSIONS',
    about: 'planner: the only writer of run state; decides what comes next.',
    publish: [
      bootstrap(),
      {
        comment: 'events it publishes (the only publisher of triggers, approval requests, timers and rollout commands)',
        subjects: ['jetway.pipeline.planned.v1', 'jetway.pipeline.finished.v1', 'jetway.step.*.triggered.v1', 'jetway.approval.requested.v1', 'jetway.timer.step-deadline.v1', 'jetway.rollout.commanded.v1', 'jetway-dlq.>'],
      },
      kv('runs', 'run state (CAS) and its write-probe key', ['>']),
      STORED_FINISHED("a step's finished event whose delivery was lost, read back from the stream at its deadline"),
      { ...EFFECTS, comment: 'request keys → run ids and effect records in the idempotency bucket, and the write probe' },
      kv('attestations', 'reads attestations for its gates'),
      kv('approvers', 'enrolled approvers: the key each decision must be signed with (read only)'),
      kv('releases', 'release history: who may roll back, where to, and `jetway history` (read only)'),
      ...consumed.map((subject) => durable('planner', subject)),
    ],
    subscribe: ['_INBOX.>', ...consumed, 'jetway.query.>'],
    allowResponses: true,
  };
}

/** The notifier: listens to run outcomes, incidents, drift and approval requests, publishes no jetway.* event and asks nobody. */
export function notifierPermissions(): UserPermissions {
  const consumed = ['jetway.pipeline.finished.v1', ...INCIDENT_SUBJECTS, ...DRIFT_SUBJECTS, 'jetway.approval.requested.v1'];
  return {
    variable: 'NOTIFIER_PERMISSIONS',
    about: 'notifier: listens to run outcomes, incidents, drift and approval requests, never blocks a run, publishes no\n# jetway.* event and asks nobody (pipeline.finished, the incidents, drift events and approval requests carry what it needs).',
    publish: [
      bootstrap(),
      { comment: 'dead letters of what it consumes', subjects: consumed.map((subject) => `jetway-dlq.${subject}`) },
      EFFECTS,
      ...consumed.map((subject) => durable('notifier', subject)),
    ],
    subscribe: ['_INBOX.>', ...consumed],
  };
}
