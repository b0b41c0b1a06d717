import { BUCKETS, type BucketName } from '@jetway/contracts';

/** One broker request a mesh service makes while handling a message: a KV write or read. */
export interface FloorOp {
  /** create: write only if absent; update: compare-and-set on the revision this process last wrote; put: unconditional; get: a read. */
  op: 'create' | 'update' | 'put' | 'get';
  bucket: BucketName;
  /** The entry's key; `{run}` becomes the run's id. */
  key: string;
}

/**
 * What one service does with one message of a run: consume message `consumes`, make its broker
 * requests one after another (as the service awaits each), then publish the next messages, one
 * per entry of `emits` (with a message id, as the mesh's deterministic event ids). `emits` names
 * them as the mesh's events (`step.build.finished`), so the floor's hand-offs read as the mesh's.
 */
export interface FloorStage {
  service: string;
  consumes: number;
  ops: readonly FloorOp[];
  emits: readonly string[];
}

/** The kind of a floor run's first message, which the bench publishes. */
const FLOOR_REQUEST = 'pipeline.requested';

const run = (bucket: BucketName, key: string, op: FloorOp['op']): FloorOp => ({ op, bucket, key });

/**
 * A deployment run's broker requests, hand-off by hand-off, as the mesh makes them (the bench
 * counts them in the mesh: `mesh JetStream writes per run`, `mesh read requests per run`):
 * 13 messages (the request and 12 published by the services), 16 KV writes and 8 reads. The
 * floor chain replays exactly these on plain nats.js, with none of the mesh's own work (no
 * contracts, no tracing, no decisions, no builds, scans, deploys, checks): what the guarantees'
 * broker requests cost by themselves. Keep it in step with the mesh: the bench compares both
 * counts in one run and says so when they differ.
 */
export const DEPLOYMENT_FLOOR: readonly FloorStage[] = [
  // pipeline.requested → planned, build.triggered: the request's key, the run created.
  { service: 'planner', consumes: 1, ops: [run('idempotency', 'request.{run}', 'create'), run('runs', '{run}', 'create')], emits: ['pipeline.planned', 'step.build.triggered'] },
  // build: the artifact stored once (content-addressed), its finished.
  { service: 'builder', consumes: 3, ops: [run('smallObjects', 'sha256-{run}', 'create')], emits: ['step.build.finished'] },
  { service: 'planner', consumes: 4, ops: [run('runs', '{run}', 'update')], emits: ['step.scan.triggered'] },
  // scan: the artifact read, its SARIF and attestation written.
  {
    service: 'scanner',
    consumes: 5,
    ops: [run('smallObjects', 'sha256-{run}', 'get'), run('smallObjects', 'sarif-{run}', 'create'), run('attestations', 'scan.{run}', 'put')],
    emits: ['step.scan.finished'],
  },
  // The deploy gate reads the scan attestation.
  { service: 'planner', consumes: 6, ops: [run('attestations', 'scan.{run}', 'get'), run('runs', '{run}', 'update')], emits: ['step.deploy.triggered'] },
  // deploy: release, attestation, artifact, rollout and warm set read; claim, rollout, release written (the release read again first).
  {
    service: 'deployer',
    consumes: 7,
    ops: [
      run('releases', '{run}.staging', 'get'),
      run('attestations', 'scan.{run}', 'get'),
      run('smallObjects', 'sha256-{run}', 'get'),
      run('rollouts', '{run}.staging', 'get'),
      run('rollouts', '{run}.staging.warm', 'get'),
      run('idempotency', 'step.deploy.{run}', 'create'),
      run('rollouts', '{run}.staging', 'put'),
      run('releases', '{run}.staging', 'get'),
      run('releases', '{run}.staging', 'put'),
    ],
    emits: ['step.deploy.finished'],
  },
  { service: 'planner', consumes: 8, ops: [run('runs', '{run}', 'update')], emits: ['step.verify.triggered'] },
  // verify: the verified attestation.
  { service: 'deployer', consumes: 9, ops: [run('attestations', 'verified.staging.{run}', 'put')], emits: ['step.verify.finished'] },
  { service: 'planner', consumes: 10, ops: [run('runs', '{run}', 'update')], emits: ['step.monitor.triggered'] },
  // monitor: its bundle is files, not broker requests.
  { service: 'monitor-configurator', consumes: 11, ops: [], emits: ['step.monitor.finished'] },
  { service: 'planner', consumes: 12, ops: [run('runs', '{run}', 'update')], emits: ['pipeline.finished'] },
  // pipeline.finished → the notices' claim, then its result.
  { service: 'notifier', consumes: 13, ops: [run('idempotency', 'notify.{run}', 'create'), run('idempotency', 'notify.{run}', 'update')], emits: [] },
];

/** The messages of one run of `stages` (the first is published by the bench). */
export function floorMessages(stages: readonly FloorStage[]): number {
  return 1 + stages.reduce((sum, stage) => sum + stage.emits.length, 0);
}

/** The kind of each message of a run of `stages`, by its number less one (message n is the n-th of its run). */
export function floorKinds(stages: readonly FloorStage[]): string[] {
  const kinds = [FLOOR_REQUEST];
  for (const stage of stages) stage.emits.forEach((kind, i) => (kinds[stage.consumes + i] = kind));
  return kinds;
}

/** Writes per run by stream (messages included) and reads by bucket, named as the mesh's counts name them (`JETWAY_EVENTS`, `KV_<bucket>`; `<bucket>`). */
export function floorCounts(stages: readonly FloorStage[], eventsStream: string): { writes: Record<string, number>; reads: Record<string, number> } {
  const writes: Record<string, number> = { [eventsStream]: floorMessages(stages) };
  const reads: Record<string, number> = {};
  for (const { op, bucket } of stages.flatMap((stage) => stage.ops)) {
    const [counts, name] = op === 'get' ? [reads, BUCKETS[bucket].name] : [writes, `KV_${BUCKETS[bucket].name}`];
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return { writes, reads };
}

/** The stages grouped by service, in order of first appearance: one worker process each, as the mesh runs one process per service. */
export function stagesByService(stages: readonly FloorStage[]): FloorStage[][] {
  const groups = new Map<string, FloorStage[]>();
  for (const stage of stages) groups.set(stage.service, [...(groups.get(stage.service) ?? []), stage]);
  return [...groups.values()];
}

/** Stored bytes a KV entry carries besides its value (subject with key, headers, the store's record), taken off the mesh's mean stored size. */
const ENTRY_OVERHEAD_BYTES = 100;
/** A value's size when the mesh's bucket was not measured in this run. */
export const DEFAULT_VALUE_BYTES = 256;

/** The value size per bucket `stages` write from the mesh's mean stored size per stream (`KV_<bucket>`), less the entry's own overhead. */
export function floorValueBytes(stages: readonly FloorStage[], meanStoredBytes: Readonly<Record<string, number>>): Partial<Record<BucketName, number>> {
  const sizes: Partial<Record<BucketName, number>> = {};
  for (const bucket of new Set(stages.flatMap((stage) => stage.ops.filter((op) => op.op !== 'get').map((op) => op.bucket)))) {
    const stored = meanStoredBytes[`KV_${BUCKETS[bucket].name}`];
    if (stored !== undefined) sizes[bucket] = Math.max(16, Math.round(stored - ENTRY_OVERHEAD_BYTES));
  }
  return sizes;
}

/**
 * Where the floor's requests per run differ from what the mesh made in the same bench (by more
 * than 0.5 per run): the floor then no longer models the mesh, and the bench says so.
 * `meshReads` is by bucket and key family, as the bench counts reads.
 */
export function floorMismatches(
  floor: { writes: Record<string, number>; reads: Record<string, number> },
  mesh: { writes: Readonly<Record<string, number>>; reads: Readonly<Record<string, Readonly<Record<string, number>>>> },
): string[] {
  const meshReads = Object.fromEntries(Object.entries(mesh.reads).map(([bucket, families]) => [bucket, Object.values(families).reduce((sum, n) => sum + n, 0)]));
  const differ = (what: string, model: Record<string, number>, measured: Record<string, number>) =>
    [...new Set([...Object.keys(model), ...Object.keys(measured)])]
      .filter((name) => Math.abs((model[name] ?? 0) - (measured[name] ?? 0)) > 0.5)
      .map((name) => `${what} ${name}: floor ${model[name] ?? 0}, mesh ${(measured[name] ?? 0).toFixed(1)}`);
  return [...differ('writes to', floor.writes, { ...mesh.writes }), ...differ('reads of', floor.reads, meshReads)];
}
