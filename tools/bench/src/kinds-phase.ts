import { join } from 'node:path';
import { kindRequests, OTHER_KINDS, type KindContext, type OtherKind } from './kind-requests';
import type { MeshBatch, MeshBench } from './mesh-bench';
import { cpuBreakdown, fmt, type KindLine } from './report';

export interface KindsOptions {
  root: string;
  /** Where the requests' projects and secret files go. */
  dir: string;
  /** Runs of each kind's measured batch. */
  runs: number;
  timeoutMs: number;
  progress: (label: string) => (finished: number) => void;
}

export interface KindsResult {
  lines: KindLine[];
  /** Where each kind's CPU and writes went. */
  notes: string[];
}

/**
 * Writes per run summed over every stream, and the streams that had any; streams the runs created
 * themselves (an infrastructure run's declared streams, named after its key) are summed as one.
 */
export function writesOf(batch: Pick<MeshBatch, 'writesPerRun'>, created: RegExp): { total: number; parts: string } {
  const writes = Object.entries(batch.writesPerRun).filter(([, n]) => n > 0);
  const own = writes.filter(([name]) => created.test(name));
  const mesh = writes.filter(([name]) => !created.test(name)).map(([name, n]) => `${name} ${fmt(n, 1)}`);
  const ownTotal = own.reduce((sum, [, n]) => sum + n, 0);
  const parts = own.length ? [...mesh, `the runs' own ${own.length} streams ${fmt(ownTotal, 1)}`] : mesh;
  return { total: writes.reduce((sum, [, n]) => sum + n, 0), parts: parts.join(', ') };
}

function lineOf(kind: OtherKind, batch: MeshBatch, writesPerRun: number): KindLine {
  const cpuMs = Object.values(batch.cpu).reduce((sum, ms) => sum + ms, 0);
  const { finished, failed, runs, wallMs, failures, timedOut } = batch;
  return { kind, runs, finished, failed, wallMs, cpuMs, writesPerRun, failures, timedOut };
}

/**
 * One warm-up run of `kind` (its code paths loaded, its tools' caches filled), then `runs` of it
 * published at once, on the mesh that ran the deployments. A kind that cannot run says why.
 */
async function measureKind(bench: MeshBench, kind: OtherKind, ctx: KindContext, options: KindsOptions): Promise<{ line: KindLine; notes: string[] }> {
  const slug = kind.replace(/_/g, '-');
  const warm = await bench.runBatch(`kwarm-${slug}`, 1, options.timeoutMs, undefined, kindRequests(kind, ctx, 'warm', 1));
  if (warm.finished === 0) {
    const line = { kind, runs: options.runs, finished: 0, failed: 0, wallMs: 0, cpuMs: 0, writesPerRun: 0, failures: [], timedOut: true };
    return { line: { ...line, notMeasured: `its warm-up run did not finish within ${fmt(options.timeoutMs / 1000, 0)} s (see the services' logs)` }, notes: [] };
  }
  const tag = `kind-${slug}`;
  const batch = await bench.runBatch(tag, options.runs, options.timeoutMs, options.progress(kind), kindRequests(kind, ctx, 'batch', options.runs));
  // Keys are bench-<tag>-<i>; what a run declares is named after its key with '_' (kind-requests.ts).
  const writes = writesOf(batch, new RegExp(`bench_${tag.replace(/-/g, '_')}_`, 'i'));
  const notes = [`${kind} ${cpuBreakdown(batch)}`, `${kind} JetStream writes per run: ${fmt(writes.total, 1)} (${writes.parts})`];
  if (warm.failed) notes.push(`${kind}: the warm-up run failed too: ${warm.failures.join('; ')}`);
  return { line: lineOf(kind, batch, writes.total), notes };
}

/** Each other pipeline kind in turn; an error preparing or running one becomes its "not measured" line. */
export async function measureKinds(bench: MeshBench, options: KindsOptions): Promise<KindsResult> {
  const ctx: KindContext = { root: options.root, dir: join(options.dir, 'kinds'), opsTargets: bench.opsTargets() };
  const lines: KindLine[] = [];
  const notes: string[] = [];
  for (const kind of OTHER_KINDS) {
    try {
      const measured = await measureKind(bench, kind, ctx, options);
      lines.push(measured.line);
      notes.push(...measured.notes);
    } catch (error) {
      const why = ((error as Error).message || String(error)).split('\n')[0] ?? '';
      lines.push({ kind, runs: options.runs, finished: 0, failed: 0, wallMs: 0, cpuMs: 0, writesPerRun: 0, failures: [], timedOut: false, notMeasured: why });
    }
  }
  return { lines, notes };
}
