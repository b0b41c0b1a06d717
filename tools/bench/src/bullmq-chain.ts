import { Queue, Worker, type Job } from 'bullmq';
import { FinishLine, monoMs, pooled } from './batch';
import { JOB_OPTIONS } from './chain-worker.bullmq';
import { bullQueue, type HopJob } from './chain-worker.types';
import type { Cleanup } from './cleanup';
import { CpuMeter } from './processes';
import type { ChainBatch, ChainShape } from './raw-chain';
import { dealHops, WorkerPool } from './worker-pool';

/** Job data of `bytes` bytes as JSON (the times take ~40 of them). */
function hopJob(run: string, t: number, bytes: number): HopJob {
  const bare = JSON.stringify({ run, t0: t, t, pad: '' }).length;
  return { run, t0: t, t, pad: 'x'.repeat(Math.max(0, bytes - bare)) };
}

/**
 * The same chain on BullMQ over Redis: a queue per hop, worker processes move hop i to i+1, the
 * bench adds hop 1 and runs the last hop's Worker. Latencies from send times carried in the jobs.
 */
export class BullChain {
  private constructor(
    private readonly first: Queue<HopJob>,
    private readonly pool: WorkerPool,
    private readonly shape: ChainShape,
    private readonly redisPort: number,
    private readonly brokerPid: number | undefined,
  ) {}

  /** Messages per run and worker processes of this chain. */
  get shapeOf(): ChainShape {
    return this.shape;
  }

  static async start(root: string, redis: { port: number; pid: number | undefined }, shape: ChainShape, cleanup: Cleanup): Promise<BullChain> {
    const redisPort = redis.port;
    const first = new Queue<HopJob>(bullQueue(1), { connection: { host: '127.0.0.1', port: redisPort } });
    cleanup.defer('BullMQ queue hop-1', () => first.close());
    const configs = dealHops(shape.hops, shape.workers).map((hops) => ({
      kind: 'bullmq' as const,
      redisPort,
      hops,
      lastHop: shape.hops,
      concurrency: shape.concurrency,
    }));
    return new BullChain(first, await WorkerPool.start(root, configs, cleanup), shape, redisPort, redis.pid);
  }

  async runBatch(tag: string, runs: number, timeoutMs: number, progress?: (finished: number) => void): Promise<ChainBatch> {
    const line = new FinishLine(runs);
    const prefix = `${tag}-`;
    const last = new Worker<HopJob>(bullQueue(this.shape.hops), async (job: Job<HopJob>) => void (job.data.run.startsWith(prefix) && line.arrive(job.data.run)), {
      connection: { host: '127.0.0.1', port: this.redisPort, maxRetriesPerRequest: null },
      concurrency: this.shape.concurrency,
      removeOnComplete: { count: 0 },
    });
    await last.waitUntilReady();
    const meter = new CpuMeter({ ...this.pool.pids(), 'redis-server': this.brokerPid }).start();
    const startedAt = monoMs();
    await pooled(runs, 256, (i) => this.first.add('hop', hopJob(`${prefix}${i}`, monoMs(), this.shape.payloadBytes), JOB_OPTIONS));
    const { lastAt, timedOut } = await line.wait(timeoutMs, progress);
    const cpu = meter.stop();
    await last.close();
    const report = await this.pool.collect();
    return {
      runs,
      finished: line.finished,
      wallMs: (timedOut ? monoMs() : lastAt) - startedAt,
      timedOut,
      timeline: report,
      peakRss: this.pool.peakRss(),
      cpu,
      othersCpuMs: meter.others,
    };
  }

  async stop(): Promise<void> {
    await this.pool.stop();
    await this.first.close();
  }
}
