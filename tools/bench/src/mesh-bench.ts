import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type JetStreamManager, type JsMsg, type NatsConnection } from 'nats';
import { CE, requestEventId, STREAMS, type PipelineFinished, type PipelinePlanned } from '@jetway/contracts';
import { EventPublisher } from '@jetway/messaging';
import { compiledServices, SERVICES, spawnService, stopService, waitReady, type RunningService, type ServiceCommand } from '@jetway/launcher';
import { FinishLine, monoMs, pooled } from './batch';
import type { Cleanup } from './cleanup';
import { benchRequest } from './mesh-request';
import { applyExperiments } from './experiments';
import type { RequestBuilder } from './kind-requests';
import { CpuMeter, readRss } from './processes';
import type { ServiceRss } from './report';
import { kvWriteFamily, READ_SUBJECTS, readFamily, RequestCounter, withoutProbes } from './kv-writes';
import { headerBytes, readStream, storedAtMs } from './stream-reader';
import { timelines, type TimedMessage, type Timelines } from './timeline';

const EVENTS = STREAMS.events.name;
const FINISHED = 'jetway.pipeline.finished.v1';

export interface MeshOptions {
  root: string;
  stateDir: string;
  natsUrl: string;
  /** The broker's pid, to count its CPU. */
  natsPid?: number;
  traceEndpoint?: string;
  cpuProfDir?: string;
  nodeOptions?: string;
  /** `js`: run precompiled JavaScript instead of TypeScript through SWC. */
  runtime: 'swc' | 'js';
  /** Patches of the precompiled copy (experiments.ts). */
  experiments: readonly string[];
  /** Runs of a batch deploy this many applications (run i → application i mod apps). */
  apps: number;
}

/** One batch of mesh runs: timing, outcomes and every run's messages as stored. */
export interface MeshBatch {
  runs: number;
  finished: number;
  failed: number;
  /** A few reasons of failed runs. */
  failures: string[];
  wallMs: number;
  /** The batch on the monotonic clock, in microseconds (to cut CPU profiles to it). */
  window: { fromUs: number; toUs: number };
  timedOut: boolean;
  timeline: Timelines;
  /** CPU milliseconds each service and the broker used during the batch. */
  cpu: Record<string, number>;
  /** CPU other processes on the machine used meanwhile. */
  othersCpuMs: number;
  /** The part of each service's CPU its programs used (the monitor step's promtool, amtool, blackbox exporter). */
  programsCpuMs: Record<string, number>;
  /** Writes to every stream per run: events, KV entries (runs, claims, attestations, releases), object chunks; the write probes left out. */
  writesPerRun: Record<string, number>;
  /** The services' write probes per run over the batch (a readiness check's write every 10 s per bucket, whatever runs). */
  probeWritesPerRun: number;
  /**
   * Mean stored size of a message of each stream after the batch (value, subject, headers and the
   * store's record): for a KV bucket, of its entries as they are kept (the floor's value sizes).
   */
  meanStoredBytes: Record<string, number>;
  /** KV writes per run by bucket and key family (`kv-writes.ts`): what each bucket's writes were (the write probes included). */
  kvWrites: Record<string, Record<string, number>>;
  /** Read requests per run by bucket (or stream) and key family (`kv-writes.ts` readFamily): KV gets, object metadata, message gets. */
  reads: Record<string, Record<string, number>>;
  /** Stream bytes per stored message (body, headers, subject and the store's own overhead). */
  streamBytesPerMessage: number;
}

/** JavaScript precompiled into the state dir (as `npm start` runs the services), or TypeScript through SWC. */
async function commandFor(options: MeshOptions, env: NodeJS.ProcessEnv): Promise<ServiceCommand | undefined> {
  if (options.runtime === 'swc') return undefined;
  const outDir = join(options.stateDir, 'js');
  const compiled = await compiledServices(options.root, outDir);
  applyExperiments(outDir, options.experiments);
  Object.assign(env, compiled.env);
  return withNodeFlags(compiled.command, options.nodeOptions);
}

/**
 * `command` with `flags` (space-separated) after its own, right before the script: V8 takes a
 * flag's last value, so these override SERVICE_NODE_FLAGS. In NODE_OPTIONS they would not — it is
 * read before the command line (`--max-semi-space-size=2` there left the services at 4).
 */
export function withNodeFlags(command: ServiceCommand, flags: string | undefined): ServiceCommand {
  const extra = flags?.split(/\s+/).filter(Boolean) ?? [];
  return (name) => {
    const argv = command(name);
    return [...argv.slice(0, -1), ...extra, ...argv.slice(-1)];
  };
}

/** The six services as separate processes (as `npm start` runs them) with the no-op drivers. */
export class MeshBench {
  private constructor(
    private readonly services: RunningService[],
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly publisher: EventPublisher,
    private readonly natsPid: number | undefined,
    private readonly apps: number,
  ) {}

  static async start(options: MeshOptions, cleanup: Cleanup): Promise<MeshBench> {
    mkdirSync(join(options.stateDir, 'logs'), { recursive: true });
    const env: NodeJS.ProcessEnv = {
      JETWAY_NATS_URL: options.natsUrl,
      JETWAY_BUILDER_DRIVER: 'noop',
      JETWAY_DEPLOYER_RUNTIME: 'noop',
      JETWAY_ROUTER_PORT: '0',
      JETWAY_BUILDER_WORK_DIR: join(options.stateDir, 'builder'),
      JETWAY_DEPLOYER_DATA_DIR: join(options.stateDir, 'deployer'),
      JETWAY_STACK_DIR: join(options.stateDir, 'stack'),
      // As npm start runs it: every notice sent is kept in the send journal (appended and synced).
      JETWAY_NOTIFIER_JOURNAL_DIR: join(options.stateDir, 'notifier'),
      ...(options.traceEndpoint ? { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: options.traceEndpoint } : {}),
      // Compiled services take --node-options on their command line (commandFor); through SWC, here.
      NODE_OPTIONS: [options.cpuProfDir && `--cpu-prof --cpu-prof-dir=${options.cpuProfDir}`, options.runtime === 'swc' && options.nodeOptions].filter(Boolean).join(' '),
    };
    const command = await commandFor(options, env);
    const services: RunningService[] = [];
    for (const name of SERVICES) {
      const service = await spawnService(name, options.root, options.stateDir, env, command);
      services.push(service);
      cleanup.defer(`service ${name}`, () => stopService(service));
    }
    await Promise.all(services.map((service) => waitReady(service)));
    const nc = await connect({ servers: options.natsUrl, name: 'jetway-bench' });
    cleanup.defer('bench connection to the mesh', () => nc.close());
    return new MeshBench(services, nc, await nc.jetstreamManager(), new EventPublisher(nc.jetstream(), 'bench'), options.natsPid, options.apps);
  }

  /** Which process is which service (CPU profiles are named by pid). */
  pids(): Record<string, string> {
    return Object.fromEntries(this.services.map((s) => [String(s.child.pid), s.name]));
  }

  /** Peak RSS (VmHWM) of each service's node process so far; `current` for VmRSS now. */
  rss(which: 'peak' | 'current' = 'peak'): ServiceRss[] {
    return this.services.map((s) => {
      const rss = s.child.pid ? readRss(s.child.pid) : undefined;
      return { service: s.name, peakBytes: (which === 'peak' ? rss?.peakBytes : rss?.currentBytes) ?? 0 };
    });
  }

  /** `host:port` of each service's ops port (/metrics, /health/ready). */
  opsTargets(): string[] {
    return this.services.map((s) => `127.0.0.1:${s.opsPort}`);
  }

  /** The deployment runs: run i deploys application i mod apps of the batch. */
  private deployments(prefix: string): RequestBuilder {
    return (key, i) => benchRequest(key, `${prefix}app-${i % this.apps}`);
  }

  /**
   * Publishes `runs` requests at once and waits until every run's `pipeline.finished` arrived.
   * `request(key, i)` builds run i (deployments by default): its key is `bench-<tag>-<i>`, and
   * the application its finished event names must start with `bench-<tag>-`.
   */
  async runBatch(tag: string, runs: number, timeoutMs: number, progress?: (finished: number) => void, request?: RequestBuilder): Promise<MeshBatch> {
    const before = (await this.jsm.streams.info(EVENTS)).state;
    const { writes: writesBefore } = await this.streamWrites();
    const prefix = `bench-${tag}-`;
    const app = new RegExp(`${prefix}app-\\d+`);
    const kvCounter = new RequestCounter(this.nc, ['$KV.>'], kvWriteFamily(app));
    const readCounter = new RequestCounter(this.nc, READ_SUBJECTS, readFamily(app));
    const line = new FinishLine(runs);
    const sub = this.nc.subscribe(FINISHED, {
      callback: (error, msg) => {
        if (error) return;
        const finished = JSON.parse(msg.string()) as PipelineFinished;
        if (finished.application.startsWith(prefix)) line.arrive(finished.run_id, finished.outcome === 'succeeded', finished.reason);
      },
    });
    await this.nc.flush();
    const pids = Object.fromEntries(this.services.map((s) => [s.name, s.child.pid]));
    const meter = new CpuMeter({ ...pids, 'nats-server': this.natsPid }).start();
    const build = request ?? this.deployments(prefix);
    const startedAt = monoMs();
    await pooled(runs, 256, (i) => {
      const key = `${prefix}${i}`;
      const id = requestEventId(key);
      return this.publisher.publish('jetway.pipeline.requested.v1', build(key, i), { runId: id, id, subject: key });
    });
    const { lastAt, timedOut } = await line.wait(timeoutMs, progress);
    const endedAt = timedOut ? monoMs() : lastAt;
    const cpu = meter.stop();
    sub.unsubscribe();
    // The finished event reaches subscribers as it is stored; give stragglers of the batch a moment.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = (await this.jsm.streams.info(EVENTS)).state;
    const { writes: writesAfter, meanBytes } = await this.streamWrites();
    const kvWrites = kvCounter.stop(runs);
    const reads = readCounter.stop(runs);
    const streamWrites = Object.fromEntries(Object.entries(writesAfter).map(([name, seq]) => [name, (seq - (writesBefore[name] ?? 0)) / runs]));
    const { writes: writesPerRun, probes: probeWritesPerRun } = withoutProbes(streamWrites, kvWrites);
    const timeline = timelines(await this.batchMessages(prefix, before.last_seq + 1, after.last_seq));
    return {
      runs,
      finished: line.finished,
      failed: line.failed,
      failures: [...line.reasons],
      wallMs: endedAt - startedAt,
      window: { fromUs: startedAt * 1000, toUs: endedAt * 1000 },
      timedOut,
      timeline,
      cpu,
      othersCpuMs: meter.others,
      programsCpuMs: meter.programs,
      writesPerRun,
      probeWritesPerRun,
      kvWrites,
      reads,
      streamBytesPerMessage: (after.bytes - before.bytes) / Math.max(1, after.messages - before.messages),
      meanStoredBytes: meanBytes,
    };
  }

  /** Last sequence of every stream (events, KV buckets, object store) — each write advances it by one — and the mean size of what it holds. */
  private async streamWrites(): Promise<{ writes: Record<string, number>; meanBytes: Record<string, number> }> {
    const writes: Record<string, number> = {};
    const meanBytes: Record<string, number> = {};
    for await (const stream of this.jsm.streams.list()) {
      writes[stream.config.name] = stream.state.last_seq;
      if (stream.state.messages > 0) meanBytes[stream.config.name] = stream.state.bytes / stream.state.messages;
    }
    return { writes, meanBytes };
  }

  /** The batch's messages from the stream, each attributed to its run (requests carry the key, not the run id). */
  private async batchMessages(prefix: string, from: number, to: number): Promise<TimedMessage[]> {
    const keyToRun = new Map<string, string>();
    const seen: TimedMessage[] = [];
    await readStream(this.nc.jetstream(), EVENTS, from, to, (msg: JsMsg) => {
      if (msg.subject === 'jetway.pipeline.planned.v1') {
        const planned = msg.json<PipelinePlanned>();
        if (planned.idempotency_key.startsWith(prefix)) keyToRun.set(planned.idempotency_key, planned.run_id);
      }
      const run = msg.headers?.get(CE.subject) ?? '';
      const kind = msg.subject.replace(/^jetway\./, '').replace(/\.v\d+$/, '');
      seen.push({ run, seq: msg.seq, atMs: storedAtMs(msg), bytes: msg.data.length + headerBytes(msg.headers), kind });
    });
    const runs = new Set(keyToRun.values());
    return seen
      .map((m) => (m.run.startsWith(prefix) ? { ...m, run: keyToRun.get(m.run) ?? m.run } : m))
      .filter((m) => runs.has(m.run));
  }
}
