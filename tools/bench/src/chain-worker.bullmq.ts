import { Queue, Worker, type Job } from 'bullmq';
import { monoMs } from './batch';
import { bullQueue, type ChainWorker, type HopJob, type WorkerConfig } from './chain-worker.types';

/** Jobs leave Redis once done, as a long-running BullMQ deployment would configure them. */
export const JOB_OPTIONS = { removeOnComplete: true, removeOnFail: true } as const;

/**
 * Hop i → hop i+1 on BullMQ: a Worker per hop queue (`concurrency` jobs at once) that adds the
 * job's data, with its own send time, to the next queue. Hop latency = this send time minus the
 * previous one (one monotonic clock for all processes); run latency = last send minus first.
 */
export async function startBullWorker(config: Extract<WorkerConfig, { kind: 'bullmq' }>): Promise<ChainWorker> {
  const connection = { host: '127.0.0.1', port: config.redisPort, maxRetriesPerRequest: null };
  let hopMs: number[] = [];
  let runMs: number[] = [];
  const queues: Queue[] = [];
  const workers: Worker[] = [];
  for (const hop of config.hops) {
    const next = new Queue<HopJob>(bullQueue(hop + 1), { connection });
    queues.push(next);
    const worker = new Worker<HopJob>(
      bullQueue(hop),
      async (job: Job<HopJob>) => {
        const t = monoMs();
        hopMs.push(t - job.data.t);
        if (hop + 1 === config.lastHop) runMs.push(t - job.data.t0);
        await next.add('hop', { ...job.data, t }, JOB_OPTIONS);
      },
      { connection, concurrency: config.concurrency },
    );
    workers.push(worker);
    await worker.waitUntilReady();
  }
  return {
    collect: () => {
      const report = { hopMs, runMs };
      hopMs = [];
      runMs = [];
      return report;
    },
    stop: async () => {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(queues.map((q) => q.close()));
    },
  };
}
