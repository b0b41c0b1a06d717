import type { BenchOptions } from './args';
import type { ChainBatch, ChainShape } from './raw-chain';
import { cpuBreakdown, fmt, type ChainResult, type CpuUse, type ScaleLine, type SoloResult } from './report';
import { hopsPerSecond, summarize } from './stats';

// How the bench drives a chain (the mesh, raw, the floor, BullMQ): batches, runs one at a time, scale lines.

const note = (text: string) => process.stderr.write(`  ${text}\n`);

/** What a batch of any chain gives the report. */
export type Batch = Pick<ChainBatch, 'runs' | 'finished' | 'wallMs' | 'timeline' | 'cpu'> & { failed?: number };
export type Timed = { timeline: { hopMs: number[]; runMs: number[]; byTransition?: Map<string, number[]> } };
/** Runs published at once on a chain, its batch once they finished (or the wait timed out). */
export type RunBatch<B> = (tag: string, runs: number, timeoutMs: number, progress?: (finished: number) => void) => Promise<B>;
/** The runs one at a time, with the gaps by hand-off where the chain's messages have kinds. */
export type Solo = SoloResult & { byTransition: Map<string, number[]> };

/** A chain the bench drives the same way on each broker (raw, floor, BullMQ). */
export interface DrivenChain<B extends Batch & Timed & CpuUse> {
  readonly shapeOf: ChainShape;
  runBatch: RunBatch<B>;
  stop(): Promise<void>;
}

/** What a baseline phase (raw, floor, BullMQ) gives the report. */
export interface Baseline {
  /** Its short name, as in the table of runs one at a time and the scale lines. */
  label: string;
  result: ChainResult;
  solo?: Solo;
  scale: ScaleLine[];
}

export function result(label: string, batch: Batch, hops: number, peakRss?: ChainResult['peakRss']): ChainResult {
  const cpuMs = Object.values(batch.cpu).reduce((sum, ms) => sum + ms, 0);
  return {
    label,
    runs: batch.runs,
    finished: batch.finished,
    failed: batch.failed ?? 0,
    hops,
    wallMs: batch.wallMs,
    hopsPerSec: hopsPerSecond(batch.finished, hops, batch.wallMs),
    hop: summarize(batch.timeline.hopMs),
    run: summarize(batch.timeline.runMs),
    cpuMsPerHop: batch.finished ? cpuMs / (batch.finished * hops) : undefined,
    ...(peakRss ? { peakRss } : {}),
  };
}

/** `count` single runs one after another: per-hop latency with nothing queued (none for --solo 0); the mesh's also by hand-off. */
export async function solo(label: string, count: number, run: (tag: string) => Promise<Timed>): Promise<Solo | undefined> {
  if (count === 0) return undefined;
  const hopMs: number[] = [];
  const runMs: number[] = [];
  const byTransition = new Map<string, number[]>();
  for (let j = 0; j < count; j += 1) {
    const batch = await run(`solo${j}`);
    hopMs.push(...batch.timeline.hopMs);
    runMs.push(...batch.timeline.runMs);
    for (const [name, gaps] of batch.timeline.byTransition ?? []) byTransition.set(name, [...(byTransition.get(name) ?? []), ...gaps]);
  }
  return { label, runs: count, hop: summarize(hopMs), run: summarize(runMs), byTransition };
}

export const progress = (label: string) => (finished: number) => note(`${label}: ${finished} finished…`);

/** Each --scale line of a chain (`name` in its progress notes): its runs published at once. None without `scale` in --only. */
export async function scaleRuns(options: BenchOptions, name: string, runBatch: RunBatch<Batch>, hops: number): Promise<ScaleLine[]> {
  const lines: ScaleLine[] = [];
  if (!options.only.includes('scale')) return lines;
  for (const runs of options.scale) {
    const batch = await runBatch(`s${runs}`, runs, options.scaleTimeoutSeconds * 1000, progress(`${name} ${runs}`));
    lines.push(result('', batch, hops));
    note(`${name} ${runs}: ${batch.finished}/${runs} finished in ${fmt(batch.wallMs / 1000, 1)} s`);
  }
  return lines;
}

/** A chain's warm-up, its measured batch, its runs one at a time (labelled `label`) and its scale lines, then the chain and its broker stopped. */
export async function measureChain<B extends Batch & Timed & CpuUse>(
  options: BenchOptions,
  name: string,
  label: string,
  chain: DrivenChain<B>,
  stopBroker: () => Promise<void>,
  notes: string[],
): Promise<{ batch: B; alone?: Solo; scale: ScaleLine[] }> {
  const timeoutMs = options.timeoutSeconds * 1000;
  await chain.runBatch('warm', options.warmup, timeoutMs);
  const batch = await chain.runBatch('main', options.runs, timeoutMs, progress(name));
  const alone = await solo(label, options.solo, (tag) => chain.runBatch(tag, 1, timeoutMs));
  const scale = await scaleRuns(options, `${name} scale`, chain.runBatch.bind(chain), chain.shapeOf.hops);
  await chain.stop();
  await stopBroker();
  // Its CPU note, printed under the table.
  notes.push(`${name} ${cpuBreakdown(batch)}`);
  return { batch, alone, scale };
}

