import { ratio, summarize, type Summary } from './stats';

/** One chain's measured batch: N runs of H messages. */
export interface ChainResult {
  label: string;
  runs: number;
  /** Runs whose last message arrived in time. */
  finished: number;
  /** Finished runs that did not succeed (the mesh's outcome ≠ succeeded). */
  failed: number;
  hops: number;
  wallMs: number;
  hopsPerSec: number;
  hop: Summary;
  run: Summary;
  /** Largest peak RSS among the chain's processes, and whose. */
  peakRss?: { bytes: number; of: string };
  /** CPU time of all the chain's processes (broker included, bench excluded) per message moved. */
  cpuMsPerHop?: number;
  /** JetStream writes (every stream, KV bucket and object store) per run. */
  writesPerRun?: number;
}

export interface ServiceRss {
  service: string;
  peakBytes: number;
}

export interface Target {
  name: string;
  value: number | undefined;
  comparison: '≥' | '≤';
  limit: number;
  met: boolean;
}

const MB = 1024 * 1024;
export const RSS_LIMIT_BYTES = 150 * MB;
/** The issue's limits that the floor lines are read against too. */
const LIMITS = { cpuMsPerRun: 25, throughputVsRaw: 0.35, soloVsRaw: 1.6 } as const;

/** CPU of the chain's processes per run (CPU per hop × hops). */
const cpuPerRun = (r: ChainResult | undefined) => (r?.cpuMsPerHop !== undefined ? r.cpuMsPerHop * r.hops : undefined);

export function fmt(value: number | undefined, digits = 2): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  return value.toFixed(digits);
}

export function fmtMb(bytes: number | undefined): string {
  return bytes === undefined ? '—' : `${Math.round(bytes / MB)} MB`;
}

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd();
}

/** The comparison table: one line per chain, same H, payload and N. */
export function chainTable(results: readonly ChainResult[], shape: { hops: number; payloadBytes: number; runs: number }): string {
  const header = [`chain (${shape.hops} hops, ${shape.payloadBytes}-byte payload, ${shape.runs} runs)`, 'hops/s', 'p50 ms/hop', 'p99 ms/hop', 'run p50 ms', 'run p99 ms', 'CPU ms/hop', 'finished', 'peak RSS'];
  const lines = results.map((r) => [
    r.label,
    fmt(r.hopsPerSec, 0),
    fmt(r.hop.p50),
    fmt(r.hop.p99),
    fmt(r.run.p50, 1),
    fmt(r.run.p99, 1),
    fmt(r.cpuMsPerHop),
    `${r.finished}/${r.runs}${r.failed ? ` (${r.failed} failed)` : ''}`,
    r.peakRss ? `${fmtMb(r.peakRss.bytes)} (${r.peakRss.of})` : '—',
  ]);
  const widths = header.map((cell, i) => Math.max(cell.length, ...lines.map((line) => line[i]?.length ?? 0)));
  return [row(header, widths), ...lines.map((line) => row(line, widths))].join('\n');
}

/** Latency of one run at a time (nothing queued): what a hop costs on its own. */
export interface SoloResult {
  label: string;
  runs: number;
  hop: Summary;
  run: Summary;
}

export function soloTable(rows: readonly SoloResult[]): string {
  const header = [`one run at a time (${rows[0]?.runs ?? 0} runs each)`, 'p50 ms/hop', 'p99 ms/hop', 'run p50 ms', 'run p99 ms'];
  const lines = rows.map((r) => [r.label, fmt(r.hop.p50), fmt(r.hop.p99), fmt(r.run.p50, 1), fmt(r.run.p99, 1)]);
  const widths = header.map((cell, i) => Math.max(cell.length, ...lines.map((line) => line[i]?.length ?? 0)));
  return [row(header, widths), ...lines.map((line) => row(line, widths))].join('\n');
}

/** The targets of cutting the cost of a hop, each with its measured value; a missing measurement is not met. */
export function evaluateTargets(input: {
  mesh?: ChainResult;
  raw?: ChainResult;
  bullmq?: ChainResult;
  solo?: { mesh?: SoloResult; raw?: SoloResult };
  /** Peak RSS of each service after the measured batch (`mesh.runs` concurrent runs). */
  rss: readonly ServiceRss[];
  scale: readonly ScaleLine[];
}): Target[] {
  const target = (name: string, value: number | undefined, comparison: Target['comparison'], limit: number): Target => ({
    name,
    value,
    comparison,
    limit,
    met: value !== undefined && Number.isFinite(value) && (comparison === '≥' ? value >= limit : value <= limit),
  });
  const { mesh, raw, bullmq } = input;
  const targets = [
    target('JetStream writes per deployment run', mesh?.writesPerRun, '≤', 30),
    target('CPU ms per deployment run (services + nats-server)', cpuPerRun(mesh), '≤', LIMITS.cpuMsPerRun),
    target('mesh/raw throughput', ratio(mesh?.hopsPerSec, raw?.hopsPerSec), '≥', LIMITS.throughputVsRaw),
    target('mesh/BullMQ throughput', ratio(mesh?.hopsPerSec, bullmq?.hopsPerSec), '≥', 0.8),
  ];
  if (input.solo?.mesh && input.solo.raw) {
    targets.push(target('p50 mesh/raw, one run at a time', ratio(input.solo.mesh.hop.p50, input.solo.raw.hop.p50), '≤', LIMITS.soloVsRaw));
  }
  if (input.rss.length > 0) {
    const runs = mesh ? ` at ${mesh.runs} concurrent runs` : '';
    targets.push(target(`peak RSS per service${runs} (MB)`, Math.max(...input.rss.map((s) => s.peakBytes)) / MB, '≤', RSS_LIMIT_BYTES / MB));
  }
  const largest = [...input.scale].sort((a, b) => b.runs - a.runs)[0];
  if (largest) {
    const runs = largest.runs.toLocaleString('en-US');
    targets.push(target(`${runs} concurrent runs finished (share)`, largest.finished / largest.runs, '≥', 1));
    targets.push(target(`${runs} concurrent runs: hop p99/p50`, ratio(largest.hop.p99, largest.hop.p50), '≤', 20));
    targets.push(target(`${runs} concurrent runs: run p99/p50`, ratio(largest.run.p99, largest.run.p50), '≤', 2));
  }
  return targets;
}

/**
 * The floor chain against the targets' terms: how far the mesh's broker requests alone (no
 * contracts, tracing, decisions or work) get on each ratio, and what the mesh adds on top. Not
 * targets: where the floor itself misses one, no cut of the mesh's own work reaches it with these
 * requests.
 */
export function floorLines(input: { floor: ChainResult; raw?: ChainResult; mesh?: ChainResult; solo: { floor?: SoloResult; raw?: SoloResult; mesh?: SoloResult } }): string {
  const { floor, raw, mesh, solo } = input;
  const beside = (value: number | undefined, comparison: '≥' | '≤', limit: number) => {
    if (value === undefined) return '';
    const met = comparison === '≥' ? value >= limit : value <= limit;
    return ` (the mesh's target ${comparison} ${limit}: ${met ? 'within reach of the floor' : 'below the floor'})`;
  };
  const throughput = ratio(floor.hopsPerSec, raw?.hopsPerSec);
  const cpu = cpuPerRun(floor);
  const latency = ratio(solo.floor?.hop.p50, solo.raw?.hop.p50);
  return [
    "the mesh's broker requests alone (the floor chain, same run):",
    `  floor/raw throughput ${fmt(throughput)}${beside(throughput, '≥', LIMITS.throughputVsRaw)}`,
    `  CPU ms per run, floor ${fmt(cpu)}${beside(cpu, '≤', LIMITS.cpuMsPerRun)}; the mesh ${fmt(cpuPerRun(mesh))}`,
    `  p50 floor/raw, one run at a time ${fmt(latency)}${beside(latency, '≤', LIMITS.soloVsRaw)}`,
    `  mesh/floor: throughput ${fmt(ratio(mesh?.hopsPerSec, floor.hopsPerSec))}, CPU per run ${fmt(ratio(cpuPerRun(mesh), cpu))}, one-run p50 ${fmt(ratio(solo.mesh?.hop.p50, solo.floor?.hop.p50))}`,
  ].join('\n');
}

export function targetLine(targets: readonly Target[]): string {
  return targets
    .map((t) => `${t.name} ${fmt(t.value)} (target ${t.comparison} ${t.limit}: ${t.met ? 'met' : 'MISSED'})`)
    .join('\n');
}

export function rssLine(rss: readonly ServiceRss[], what = 'peak RSS per service'): string {
  const worst = Math.max(0, ...rss.map((s) => s.peakBytes));
  const list = rss.map((s) => `${s.service} ${fmtMb(s.peakBytes)}`).join(', ');
  return `${what}: ${list} (target ≤ ${fmtMb(RSS_LIMIT_BYTES)}: ${worst <= RSS_LIMIT_BYTES ? 'met' : 'MISSED'})`;
}

/** What a batch used: CPU per process (its programs' included) over `finished` runs in `wallMs`. */
export interface CpuUse {
  readonly cpu: Readonly<Record<string, number>>;
  readonly finished: number;
  readonly wallMs: number;
  /** CPU other processes on the machine used meanwhile. */
  readonly othersCpuMs?: number;
  /** The part of a process's CPU the programs it ran used (promtool, amtool…), by process. */
  readonly programsCpuMs?: Readonly<Record<string, number>>;
}

/** Where the CPU went: per process per run (and how much of it its programs), the total, and how many cores that kept busy. */
export function cpuBreakdown({ cpu, finished, wallMs, othersCpuMs = 0, programsCpuMs = {} }: CpuUse): string {
  const runs = Math.max(finished, 1);
  const total = Object.values(cpu).reduce((sum, ms) => sum + ms, 0);
  const parts = Object.entries(cpu)
    .sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => {
      const programs = programsCpuMs[name] ?? 0;
      return `${name} ${fmt(ms / runs, 1)}${programs / runs >= 0.05 ? ` (its programs ${fmt(programs / runs, 1)})` : ''}`;
    });
  const others = wallMs > 0 ? othersCpuMs / wallMs : 0;
  const busy = `total ${fmt(total / runs, 1)} ms/run, ${fmt(wallMs > 0 ? total / wallMs : undefined, 2)} cores busy`;
  return `CPU ms per run: ${parts.join(', ')}; ${busy}${others >= 0.1 ? `; other processes on the machine kept ${fmt(others, 2)} cores busy meanwhile` : ''}`;
}

/** The hand-offs that took longest at the median, for finding where a run waits. */
export function slowestTransitions(byTransition: ReadonlyMap<string, readonly number[]>, top = 5): string {
  return [...byTransition]
    .map(([name, gaps]) => ({ name, summary: summarize(gaps) }))
    .sort((a, b) => (b.summary.p50 ?? 0) - (a.summary.p50 ?? 0))
    .slice(0, top)
    .map(({ name, summary }) => `${name} p50 ${fmt(summary.p50, 1)} / p99 ${fmt(summary.p99, 1)} ms`)
    .join('; ');
}

/** One line of the scale test: N runs published at once. */
export interface ScaleLine {
  runs: number;
  finished: number;
  failed: number;
  wallMs: number;
  hopsPerSec: number;
  hop: Summary;
  run: Summary;
}

export function scaleLines(lines: readonly ScaleLine[]): string {
  return lines
    .map((l) => {
      const runs = `${l.runs.toLocaleString('en-US')} concurrent run${l.runs === 1 ? '' : 's'}`.padEnd(24);
      const done = `${l.finished}/${l.runs} finished${l.failed ? ` (${l.failed} failed)` : ''}`;
      return `${runs}${done} in ${fmt(l.wallMs / 1000, 1)} s  ${fmt(l.hopsPerSec, 0)} hops/s  p50 ${fmt(l.hop.p50)} / p99 ${fmt(l.hop.p99)} ms/hop  run p50 ${fmt(l.run.p50 !== undefined ? l.run.p50 / 1000 : undefined, 2)} s / p99 ${fmt(l.run.p99 !== undefined ? l.run.p99 / 1000 : undefined, 2)} s  ${l.finished === l.runs ? 'all finished' : 'NOT ALL FINISHED'}`;
    })
    .join('\n');
}

/** A chain's scale lines, named. */
export interface ScaledChain {
  label: string;
  scale: readonly ScaleLine[];
}

/**
 * The hop tail of the mesh's largest scale line beside each baseline's at the same number of
 * runs: a burst published at once queues at a chain's slowest stage, so raw JetStream's ratio
 * shows where the broker itself stands on the target. Undefined without a baseline at that size.
 */
export function scaleTailLine(mesh: ScaledChain, baselines: readonly ScaledChain[]): string | undefined {
  const largest = [...mesh.scale].sort((a, b) => b.runs - a.runs)[0];
  if (!largest) return undefined;
  const tails = baselines.flatMap(({ label, scale }) => {
    const line = scale.find((l) => l.runs === largest.runs);
    return line ? [`${label} ${fmt(ratio(line.hop.p99, line.hop.p50))}${line.finished === line.runs ? '' : ` (${line.finished}/${line.runs} finished)`}`] : [];
  });
  if (tails.length === 0) return undefined;
  return `${largest.runs.toLocaleString('en-US')} runs published at once, hop p99/p50 on each chain (the mesh's target ≤ 20): ${mesh.label} ${fmt(ratio(largest.hop.p99, largest.hop.p50))}, ${tails.join(', ')}`;
}

/**
 * Every hand-off of the mesh by p50, beside the same hand-off on the floor (its broker requests
 * alone), slowest first: what each service's own work adds to a hop. `—` where the floor has no
 * such hand-off (a step's `started`).
 */
export function handOffLine(mesh: ReadonlyMap<string, readonly number[]>, floor: ReadonlyMap<string, readonly number[]>): string {
  return [...mesh]
    .map(([name, gaps]) => ({ name, mesh: summarize(gaps).p50, floor: summarize(floor.get(name) ?? []).p50 }))
    .sort((a, b) => (b.mesh ?? 0) - (a.mesh ?? 0))
    .map((h) => `${h.name} ${fmt(h.mesh, 1)} / ${fmt(h.floor, 1)} ms`)
    .join('; ');
}

/** One batch of another pipeline kind on the mesh, or why it was not measured. */
export interface KindLine {
  kind: string;
  runs: number;
  finished: number;
  failed: number;
  wallMs: number;
  /** CPU of the services and the broker during the batch. */
  cpuMs: number;
  /** JetStream writes per run, over every stream (and the streams the runs created). */
  writesPerRun: number;
  /** A few reasons of failed runs. */
  failures: string[];
  timedOut: boolean;
  /** Set when the kind could not run at all: the line says this instead of numbers. */
  notMeasured?: string;
}

/** Runs per second, CPU per run and writes per run of each kind's batch; failures and timeouts said on the line and below it. */
export function kindTable(lines: readonly KindLine[], runs: number): string {
  const header = [`other pipeline kinds (${runs} runs each, published at once)`, 'runs/s', 'CPU ms/run', 'writes/run', 'finished'];
  const measured = (l: KindLine) => [
    l.kind,
    fmt(l.finished && l.wallMs > 0 ? l.finished / (l.wallMs / 1000) : undefined, 1),
    fmt(l.finished ? l.cpuMs / l.finished : undefined, 1),
    fmt(l.writesPerRun, 1),
    `${l.finished}/${l.runs}${l.failed ? ` (${l.failed} failed)` : ''}${l.timedOut ? ' TIMED OUT' : ''}`,
  ];
  const rows = lines.filter((l) => l.notMeasured === undefined).map(measured);
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const body = lines.map((l) => (l.notMeasured === undefined ? row(measured(l), widths) : `${l.kind.padEnd(widths[0] ?? 0)}  not measured: ${l.notMeasured}`));
  const notes = lines.flatMap((l) => {
    if (l.notMeasured !== undefined) return [];
    const all = l.failed === l.finished ? ' (all: its numbers cover the steps up to the failing one, not the whole pipeline)' : '';
    const failed = l.failed ? [`note: ${l.kind}: ${l.failed} of ${l.runs} runs failed${all}: ${l.failures.join('; ')}`] : [];
    const late = l.timedOut ? [`note: ${l.kind}: only ${l.finished} of ${l.runs} runs finished before the timeout; the numbers cover those`] : [];
    return [...failed, ...late];
  });
  return [row(header, widths), ...body, ...notes].join('\n');
}
