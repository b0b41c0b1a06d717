import { parseArgs } from 'node:util';

export const CHAINS = ['mesh', 'raw', 'floor', 'bullmq', 'kinds', 'scale'] as const;
export type Chain = (typeof CHAINS)[number];

export interface BenchOptions {
  /** Concurrent runs of the comparison (the same N on every chain). */
  runs: number;
  /** Concurrent runs of each scale line, on the mesh and on each baseline chain that runs (raw, floor, BullMQ). */
  scale: number[];
  /** Runs measured one at a time on each chain (latency without queueing); 0 skips them. */
  solo: number;
  /** Runs of each other pipeline kind (ci_cd_setup, monitoring_setup, infrastructure) published at once on the mesh. */
  kindRuns: number;
  /** Applications the mesh runs deploy (run i → application i mod apps). */
  apps: number;
  /** Mesh runs before measuring (JIT, connections, consumers); the first one also measures H and P. */
  warmup: number;
  /** Worker processes of the raw and BullMQ chains (the mesh has six services). */
  workers: number;
  /** Messages in flight per consumer/worker of the raw and BullMQ chains (the mesh's default is 16). */
  concurrency: number;
  /** Chain shape for raw/BullMQ without the mesh (--only raw,bullmq); otherwise measured from a mesh run. */
  hops?: number;
  payloadBytes?: number;
  /** Give up waiting for a batch after this many seconds. */
  timeoutSeconds: number;
  /** The same for each scale line: 10,000 runs on two cores take longer than a comparison batch. */
  scaleTimeoutSeconds: number;
  only: Chain[];
  /** Export spans over OTLP/HTTP to a local discarding receiver (tracing fully on). */
  traceExport: boolean;
  /** How the services run: `js` (precompiled, as npm start, the chaos suite and the image run them) or `swc` (TypeScript through @swc-node/register). */
  runtime: 'swc' | 'js';
  /** Patches of the precompiled copy measuring proposed fixes (see experiments.ts); not with --runtime swc. */
  experiments: string[];
  /** Keep the temp dir with the services' logs (removed otherwise). */
  keepLogs: boolean;
  /** Extra node flags for the services, after SERVICE_NODE_FLAGS on the compiled services' command line so they override those (e.g. --max-semi-space-size=2, --heapsnapshot-signal=SIGUSR2); NODE_OPTIONS with --runtime swc. */
  nodeOptions?: string;
  /** Write V8 CPU profiles of the services here (node --cpu-prof). */
  cpuProfDir?: string;
  help: boolean;
}

export const USAGE = `Usage: npm run bench -- [--runs 100] [--scale 1,100,10000] [--only mesh,raw,floor,bullmq,kinds,scale]
                        [--warmup 20] [--solo 20] [--kind-runs 10] [--apps 100] [--workers 6] [--concurrency 16]
                        [--timeout 900] [--scale-timeout 2400]
                        [--runtime js|swc] [--experiment a,b] [--no-trace-export] [--keep-logs] [--cpu-prof <dir>] [--node-options='<opts>']
                        [--hops H --payload P]

Starts its own nats-server and redis-server, then measures the same chain of H messages
(H counted from a Jetway run) with the same payload size on: the Jetway mesh (six services,
no-op build and deploy drivers), raw nats.js JetStream, the floor (raw nats.js making a
deployment run's KV requests as the mesh does, floor-stages.ts), and BullMQ on Redis. Prints hops/s,
per-hop and per-run latency (loaded, and --solo runs one at a time; --solo 0 skips them), peak RSS, the ratios against the targets,
a line per other pipeline kind (ci_cd_setup, monitoring_setup, infrastructure: --kind-runs runs of the launcher's example
each, published at once on the mesh, after one warm-up run: runs/s, CPU ms and JetStream writes per run), and a scale line per
--scale entry (runs published at once, on the mesh and on each baseline chain, with the hop tails side by side).
--cpu-prof writes each service's CPU profile.
The services run as precompiled JavaScript, as npm start runs them; --runtime swc runs their
TypeScript through @swc-node/register instead. --experiment a,b patches the precompiled copy to
measure proposed fixes (experiments.ts).
--node-options adds node flags for the services (heap flags, --heapsnapshot-signal=SIGUSR2), after the ones npm start
gives them, so a flag given there too takes the value given here.
--hops and --payload set the chain's shape when only raw/bullmq run (no mesh to measure it).`;

function positiveInt(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name}: expected a positive integer, got '${text}'`);
  return value;
}

function nonNegativeInt(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = text.trim() === '' ? NaN : Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name}: expected 0 or a positive integer, got '${text}'`);
  return value;
}

function runtimeOf(text: string | undefined): BenchOptions['runtime'] {
  if (text === undefined || text === 'swc' || text === 'js') return text ?? 'js';
  throw new Error(`--runtime: expected swc (TypeScript through @swc-node/register) or js (precompiled), got '${text}'`);
}

function experimentsOf(text: string | undefined, runtime: string | undefined): string[] {
  if (text === undefined) return [];
  if (runtime === 'swc') throw new Error('--experiment patches the precompiled services: drop --runtime swc');
  return text.split(',').map((name) => name.trim()).filter(Boolean);
}

/** Parses the command line; throws naming the option and what it expects. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      runs: { type: 'string' },
      scale: { type: 'string' },
      warmup: { type: 'string' },
      apps: { type: 'string' },
      solo: { type: 'string' },
      'kind-runs': { type: 'string' },
      workers: { type: 'string' },
      concurrency: { type: 'string' },
      timeout: { type: 'string' },
      'scale-timeout': { type: 'string' },
      only: { type: 'string' },
      'no-trace-export': { type: 'boolean' },
      'keep-logs': { type: 'boolean' },
      runtime: { type: 'string' },
      experiment: { type: 'string' },
      'cpu-prof': { type: 'string' },
      'node-options': { type: 'string' },
      hops: { type: 'string' },
      payload: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const scale = (values.scale ?? '1,100,10000').split(',').filter(Boolean).map((n) => positiveInt('scale', n.trim(), 1));
  const only = (values.only ?? CHAINS.join(',')).split(',').map((c) => c.trim());
  const unknown = only.filter((c) => !(CHAINS as readonly string[]).includes(c));
  if (unknown.length > 0) throw new Error(`--only: unknown chain ${unknown.join(', ')}; choose from ${CHAINS.join(', ')}`);
  return {
    runs: positiveInt('runs', values.runs, 100),
    scale,
    warmup: positiveInt('warmup', values.warmup, 20),
    apps: positiveInt('apps', values.apps, 100),
    solo: nonNegativeInt('solo', values.solo, 20),
    kindRuns: positiveInt('kind-runs', values['kind-runs'], 10),
    workers: positiveInt('workers', values.workers, 6),
    concurrency: positiveInt('concurrency', values.concurrency, 16),
    timeoutSeconds: positiveInt('timeout', values.timeout, 900),
    scaleTimeoutSeconds: positiveInt('scale-timeout', values['scale-timeout'], 2400),
    only: only as Chain[],
    traceExport: !values['no-trace-export'],
    keepLogs: Boolean(values['keep-logs']),
    runtime: runtimeOf(values.runtime),
    experiments: experimentsOf(values.experiment, values.runtime),
    cpuProfDir: values['cpu-prof'],
    nodeOptions: values['node-options'],
    hops: values.hops === undefined ? undefined : positiveInt('hops', values.hops, 1),
    payloadBytes: values.payload === undefined ? undefined : positiveInt('payload', values.payload, 1),
    help: Boolean(values.help),
  };
}
