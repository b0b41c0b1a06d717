import type { BucketName } from '@jetway/contracts';
import type { FloorStage } from './floor-stages';

/** What a chain worker process is told (BENCH_WORKER). */
export type WorkerConfig =
  | {
      kind: 'raw';
      natsUrl: string;
      stream: string;
      hops: number[];
      lastHop: number;
      concurrency: number;
      /** How the bench names the process (the floor: its service); `worker <i>` otherwise. */
      name?: string;
      /** The floor chain: these stages (with their KV requests) instead of plain republishing of `hops`. */
      stages?: FloorStage[];
      /** The floor's value size per bucket (bytes). */
      valueBytes?: Partial<Record<BucketName, number>>;
    }
  | { kind: 'bullmq'; redisPort: number; hops: number[]; lastHop: number; concurrency: number };

/** Latencies a worker measured itself (BullMQ: from the send times carried in the jobs). */
export interface WorkerReport {
  hopMs: number[];
  runMs: number[];
}

export interface ChainWorker {
  collect(): WorkerReport;
  stop(): Promise<void>;
}

const RAW_HOP = 'bench.raw.hop.';
/** Subject of hop `i` of the raw chain. */
export const rawSubject = (hop: number) => `${RAW_HOP}${hop}`;
/** The hop of a raw chain subject (`bench.raw.hop.4` → 4); NaN for another subject. */
export const hopOf = (subject: string) => (subject.startsWith(RAW_HOP) ? Number(subject.slice(RAW_HOP.length)) : NaN);
/** Queue of hop `i` of the BullMQ chain. */
export const bullQueue = (hop: number) => `hop-${hop}`;

/** A BullMQ job's data: the run, the first and this hop's send times (monotonic ms), padding to the payload size. */
export interface HopJob {
  run: string;
  t0: number;
  t: number;
  pad: string;
}
