import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { WorkerConfig, WorkerReport } from './chain-worker.types';
import type { Cleanup } from './cleanup';
import { readRss, stopChild } from './processes';

/** Hops 1..lastHop-1 dealt round-robin over `workers` processes (hop i → worker (i-1) mod W). */
export function dealHops(lastHop: number, workers: number): number[][] {
  const deals: number[][] = Array.from({ length: Math.min(workers, Math.max(lastHop - 1, 0)) }, () => []);
  for (let hop = 1; hop < lastHop; hop += 1) deals[(hop - 1) % deals.length]?.push(hop);
  return deals;
}

/** The worker processes of one chain (raw or BullMQ), each hosting its share of the hops. */
export class WorkerPool {
  private constructor(
    private readonly children: ChildProcess[],
    private readonly names: (string | undefined)[],
  ) {}

  static async start(root: string, configs: WorkerConfig[], cleanup: Cleanup): Promise<WorkerPool> {
    const children = configs.map((config) => {
      const child = spawn(process.execPath, ['-r', '@swc-node/register', join('tools', 'bench', 'src', 'chain-worker.ts')], {
        cwd: root,
        env: { ...process.env, BENCH_WORKER: JSON.stringify(config) },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      cleanup.defer(`${config.kind} worker ${child.pid}`, () => stopChild(child));
      return child;
    });
    await Promise.all(children.map((child) => ready(child)));
    return new WorkerPool(children, configs.map((config) => (config.kind === 'raw' ? config.name : undefined)));
  }

  /** Gathers (and resets) what every worker measured. */
  async collect(): Promise<WorkerReport> {
    const reports = await Promise.all(
      this.children.map(
        (child) =>
          new Promise<WorkerReport>((resolve) => {
            const onMessage = (message: { type?: string } & Partial<WorkerReport>) => {
              if (message.type !== 'report') return;
              child.off('message', onMessage);
              resolve({ hopMs: message.hopMs ?? [], runMs: message.runMs ?? [] });
            };
            child.on('message', onMessage);
            child.send({ type: 'collect' });
          }),
      ),
    );
    return { hopMs: reports.flatMap((r) => r.hopMs), runMs: reports.flatMap((r) => r.runMs) };
  }

  /** `worker 1` … `worker W` (or the names the configs gave) → pid. */
  pids(): Record<string, number | undefined> {
    return Object.fromEntries(this.children.map((child, i) => [this.names[i] ?? `worker ${i + 1}`, child.pid]));
  }

  /** The largest peak RSS among the workers. */
  peakRss(): number {
    return Math.max(0, ...this.children.map((child) => (child.pid && readRss(child.pid)?.peakBytes) || 0));
  }

  async stop(): Promise<void> {
    await Promise.all(this.children.map((child) => stopChild(child)));
  }
}

function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench worker exited with code ${code} before it was ready`)));
    child.on('message', (message: { type?: string }) => message.type === 'ready' && resolve());
  });
}
