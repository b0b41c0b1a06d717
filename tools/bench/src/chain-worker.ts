/**
 * A worker process of the raw JetStream or BullMQ chain: consumes its hops and hands each message
 * on to the next hop with the same payload. Configured by BENCH_WORKER (JSON), talks to the bench
 * over IPC ('ready'; on 'collect' the latencies it measured), stops on SIGTERM.
 */
import { startBullWorker } from './chain-worker.bullmq';
import { startRawWorker } from './chain-worker.raw';
import type { WorkerConfig, WorkerReport } from './chain-worker.types';

async function main(): Promise<void> {
  const config = JSON.parse(process.env['BENCH_WORKER'] ?? '{}') as WorkerConfig;
  const worker = config.kind === 'raw' ? await startRawWorker(config) : await startBullWorker(config);
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'collect') process.send?.({ type: 'report', ...worker.collect() } satisfies WorkerReport & { type: string });
  });
  process.once('SIGTERM', () => void worker.stop().finally(() => process.exit(0)));
  process.send?.({ type: 'ready' });
}

main().catch((error: Error) => {
  process.stderr.write(`bench worker: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
