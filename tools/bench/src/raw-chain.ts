import { connect, DiscardPolicy, nanos, RetentionPolicy, StorageType, type NatsConnection } from 'nats';
import { STREAMS } from '@jetway/contracts';
import { FinishLine, monoMs, pooled } from './batch';
import { rawSubject } from './chain-worker.types';
import type { Cleanup } from './cleanup';
import { CpuMeter } from './processes';
import { readStream, storedAtMs } from './stream-reader';
import { paddedBody, timelines, type TimedMessage, type Timelines } from './timeline';
import { dealHops, WorkerPool } from './worker-pool';

const STREAM = 'BENCH_RAW';

export interface ChainShape {
  hops: number;
  payloadBytes: number;
  workers: number;
  concurrency: number;
}

export interface ChainBatch {
  runs: number;
  finished: number;
  wallMs: number;
  timedOut: boolean;
  timeline: Pick<Timelines, 'hopMs' | 'runMs'>;
  peakRss: number;
  /** CPU milliseconds each process of the chain (workers, broker) used during the batch. */
  cpu: Record<string, number>;
  /** CPU other processes on the machine (not the chain, not the bench) used meanwhile: a busy machine skews results. */
  othersCpuMs: number;
}

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
  ) {}

  static async start(root: string, nats: { url: string; pid: number | undefined }, shape: ChainShape, cleanup: Cleanup): Promise<RawChain> {
    const natsUrl = nats.url;
    const nc = await connect({ servers: natsUrl, name: 'bench-raw' });
    cleanup.defer('bench connection (raw)', () => nc.close());
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({
      name: STREAM,
      subjects: ['bench.raw.>'],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      max_age: nanos(STREAMS.events.maxAgeSeconds * 1000),
      duplicate_window: nanos(STREAMS.events.duplicateWindowSeconds * 1000),
    });
    const configs = dealHops(shape.hops, shape.workers).map((hops) => ({
      kind: 'raw' as const,
      natsUrl,
      stream: STREAM,
      hops,
      lastHop: shape.hops,
      concurrency: shape.concurrency,
    }));
    return new RawChain(nc, await WorkerPool.start(root, configs, cleanup), shape, nats.pid);
  }

  async runBatch(tag: string, runs: number, timeoutMs: number, progress?: (finished: number) => void): Promise<ChainBatch> {
    const js = this.nc.jetstream();
    const before = (await (await this.nc.jetstreamManager()).streams.info(STREAM)).state;
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
    await pooled(runs, 256, (i) => js.publish(rawSubject(1), paddedBody(`${prefix}${i}`, this.shape.payloadBytes)));
    const { lastAt, timedOut } = await line.wait(timeoutMs, progress);
    const cpu = meter.stop();
    sub.unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = (await (await this.nc.jetstreamManager()).streams.info(STREAM)).state;
    const messages: TimedMessage[] = [];
    await readStream(js, STREAM, before.last_seq + 1, after.last_seq, (msg) => {
      const { run } = msg.json<{ run: string }>();
      if (run.startsWith(prefix)) messages.push({ run, seq: msg.seq, atMs: storedAtMs(msg), bytes: msg.data.length });
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
    };
  }

  async stop(): Promise<void> {
    await this.pool.stop();
    await this.nc.close();
  }
}
