import { connect, DiscardPolicy, nanos, RetentionPolicy, StorageType, type JetStreamManager, type NatsConnection } from 'nats';
import { STREAMS, type BucketName } from '@jetway/contracts';
import { ensureTopology } from '@jetway/messaging';
import { FinishLine, monoMs, pooled } from './batch';
import { hopOf, rawSubject } from './chain-worker.types';
import type { Cleanup } from './cleanup';
import { CpuMeter } from './processes';
import { readStream, storedAtMs } from './stream-reader';
import { paddedBody, timelines, type TimedMessage, type Timelines } from './timeline';
import { dealHops, WorkerPool } from './worker-pool';
import { floorKinds, floorMessages, stagesByService, type FloorStage } from './floor-stages';

const STREAM = 'BENCH_RAW';

export interface ChainShape {
  hops: number;
  payloadBytes: number;
  workers: number;
  concurrency: number;
}

/** The floor chain: the mesh's broker requests replayed on plain nats.js (floor-stages.ts). */
export interface FloorShape {
  stages: readonly FloorStage[];
  /** Value size per bucket: what the mesh stored per write, when it was measured in the same run. */
  valueBytes: Partial<Record<BucketName, number>>;
}

export interface ChainBatch {
  runs: number;
  finished: number;
  wallMs: number;
  timedOut: boolean;
  /** The floor's and the mesh's also by hand-off (their messages have kinds). */
  timeline: Pick<Timelines, 'hopMs' | 'runMs'> & Partial<Pick<Timelines, 'byTransition'>>;
  peakRss: number;
  /** CPU milliseconds each process of the chain (workers, broker) used during the batch. */
  cpu: Record<string, number>;
  /** CPU other processes on the machine (not the chain, not the bench) used meanwhile: a busy machine skews results. */
  othersCpuMs: number;
}

/** A batch of the raw or floor chain: also its writes per run to every stream of the broker (messages, KV entries). */
export type RawBatch = ChainBatch & { writesPerRun: Record<string, number> };

/**
 * The ceiling: the same H-message chain on plain nats.js JetStream. One stream stored like
 * JETWAY_EVENTS (file, limits, same max age and duplicate window); the bench publishes hop 1,
 * worker processes move hop i to i+1, the bench watches hop H. Latencies from store times.
 */
export class RawChain {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly pool: WorkerPool,
    private readonly shape: ChainShape,
    private readonly brokerPid: number | undefined,
    /** The floor's message kinds by message number less one (the mesh's event names); undefined for the raw chain. */
    private readonly kinds: readonly string[] | undefined,
  ) {}

  /** The plain chain, or with `floor` the floor chain (its own hop count: the floor's messages per run). */
  static async start(root: string, nats: { url: string; pid: number | undefined }, shape: ChainShape, cleanup: Cleanup, floor?: FloorShape): Promise<RawChain> {
    const natsUrl = nats.url;
    const nc = await connect({ servers: natsUrl, name: 'bench-raw' });
    cleanup.defer('bench connection (raw)', () => nc.close());
    const jsm = await nc.jetstreamManager();
    // The floor writes to the mesh's own buckets, created as the services create them.
    if (floor) await ensureTopology(jsm, nc.jetstream());
    await jsm.streams.add({
      name: STREAM,
      subjects: ['bench.raw.>'],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      max_age: nanos(STREAMS.events.maxAgeSeconds * 1000),
      duplicate_window: nanos(STREAMS.events.duplicateWindowSeconds * 1000),
    });
    const common = { kind: 'raw' as const, natsUrl, stream: STREAM, concurrency: shape.concurrency };
    if (floor) {
      const hops = floorMessages(floor.stages);
      const configs = stagesByService(floor.stages).map((stages) => ({ ...common, name: stages[0]?.service, hops: stages.map((s) => s.consumes), lastHop: hops, stages, valueBytes: floor.valueBytes }));
      return new RawChain(nc, await WorkerPool.start(root, configs, cleanup), { ...shape, hops, workers: configs.length }, nats.pid, floorKinds(floor.stages));
    }
    const configs = dealHops(shape.hops, shape.workers).map((hops) => ({ ...common, hops, lastHop: shape.hops }));
    return new RawChain(nc, await WorkerPool.start(root, configs, cleanup), shape, nats.pid, undefined);
  }

  /** Messages per run and worker processes of this chain. */
  get shapeOf(): ChainShape {
    return this.shape;
  }

  async runBatch(tag: string, runs: number, timeoutMs: number, progress?: (finished: number) => void): Promise<RawBatch> {
    const js = this.nc.jetstream();
    const jsm = await this.nc.jetstreamManager();
    const before = (await jsm.streams.info(STREAM)).state;
    const writesBefore = await lastSequences(jsm);
    const line = new FinishLine(runs);
    const prefix = `${tag}-`;
    const sub = this.nc.subscribe(rawSubject(this.shape.hops), {
      callback: (error, msg) => {
        const { run } = JSON.parse(msg.string()) as { run: string };
        if (!error && run.startsWith(prefix)) line.arrive(run);
      },
    });
    await this.nc.flush();
    const meter = new CpuMeter({ ...this.pool.pids(), 'nats-server': this.brokerPid }).start();
    const startedAt = monoMs();
    await pooled(runs, 256, (i) => {
      const run = `${prefix}${i}`;
      // The floor's request carries a message id, as the mesh's requests do.
      return js.publish(rawSubject(1), paddedBody(run, this.shape.payloadBytes), this.kinds ? { msgID: `${run}.1` } : undefined);
    });
    const { lastAt, timedOut } = await line.wait(timeoutMs, progress);
    const cpu = meter.stop();
    sub.unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = (await jsm.streams.info(STREAM)).state;
    const writesAfter = await lastSequences(jsm);
    const messages: TimedMessage[] = [];
    await readStream(js, STREAM, before.last_seq + 1, after.last_seq, (msg) => {
      const { run } = msg.json<{ run: string }>();
      const kind = this.kinds?.[hopOf(msg.subject) - 1];
      if (run.startsWith(prefix)) messages.push({ run, seq: msg.seq, atMs: storedAtMs(msg), bytes: msg.data.length, ...(kind ? { kind } : {}) });
    });
    return {
      runs,
      finished: line.finished,
      wallMs: (timedOut ? monoMs() : lastAt) - startedAt,
      timedOut,
      timeline: timelines(messages),
      peakRss: this.pool.peakRss(),
      cpu,
      othersCpuMs: meter.others,
      writesPerRun: writesPerRun(writesBefore, writesAfter, runs),
    };
  }

  async stop(): Promise<void> {
    await this.pool.stop();
    await this.nc.close();
  }
}

/** Writes per run to each stream that moved, the chain's own stream named as the mesh's events stream. */
function writesPerRun(before: Record<string, number>, after: Record<string, number>, runs: number): Record<string, number> {
  const writes: Record<string, number> = {};
  for (const [name, seq] of Object.entries(after)) {
    const moved = seq - (before[name] ?? 0);
    if (moved > 0) writes[name === STREAM ? STREAMS.events.name : name] = moved / runs;
  }
  return writes;
}

/** Last sequence of every stream: each write advances it by one. */
async function lastSequences(jsm: JetStreamManager): Promise<Record<string, number>> {
  const sequences: Record<string, number> = {};
  for await (const stream of jsm.streams.list()) sequences[stream.config.name] = stream.state.last_seq;
  return sequences;
}
