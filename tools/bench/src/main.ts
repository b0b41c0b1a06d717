import 'reflect-metadata';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { STREAMS } from '@jetway/contracts';
import { startNats } from '@jetway/testing';
import { parseBenchArgs, USAGE, type BenchOptions } from './args';
import { BullChain } from './bullmq-chain';
import { monoMs } from './batch';
import { Cleanup } from './cleanup';
import { measureKinds, type KindsResult } from './kinds-phase';
import { MeshBench, type MeshBatch } from './mesh-bench';
import { kvWritesLine } from './kv-writes';
import { pidByCommandLine, startRedis } from './processes';
import { RawChain, type ChainShape } from './raw-chain';
import { DEPLOYMENT_FLOOR, floorCounts, floorMismatches, floorValueBytes } from './floor-stages';
import { chainTable, cpuBreakdown, evaluateTargets, floorLines, fmt, handOffLine, kindTable, rssLine, scaleLines, scaleTailLine, slowestTransitions, soloTable, targetLine, type ChainResult, type ScaleLine, type ServiceRss } from './report';
import { startTraceSink } from './trace-sink';
import { commonest } from './timeline';
import { measureChain, progress, result, scaleRuns, solo, type Baseline, type Solo } from './chain-runs';

const ROOT = resolve(__dirname, '../../..');
const say = (text = '') => process.stdout.write(`${text}\n`);
const note = (text: string) => process.stderr.write(`  ${text}\n`);
/** Notes of the raw and BullMQ phases, printed under the table. */
const extraNotes: string[] = [];

interface MeshPhase {
  shape: { hops: number; payloadBytes: number };
  mesh?: ChainResult;
  solo?: Solo;
  scale: ScaleLine[];
  kinds?: KindsResult;
  rssIdle: ServiceRss[];
  rssAfterMain: ServiceRss[];
  rssPeak: ServiceRss[];
  notes: string[];
  /** What the measured batch asked of the broker, for the floor chain. */
  broker?: Pick<MeshBatch, 'writesPerRun' | 'reads' | 'meanStoredBytes'>;
}

/** The mesh: H and P from one run, warm-up, the measured batch, the other pipeline kinds, then the scale lines. */
async function meshPhase(options: BenchOptions, stateDir: string, cleanup: Cleanup): Promise<MeshPhase> {
  const timeoutMs = options.timeoutSeconds * 1000;
  if (options.cpuProfDir) mkdirSync(options.cpuProfDir, { recursive: true });
  const nats = await startNats();
  cleanup.defer('nats-server (mesh)', () => nats.stop());
  const sink = options.traceExport ? await startTraceSink() : undefined;
  if (sink) cleanup.defer('trace sink', () => sink.close());
  note(`mesh: starting six services on ${nats.url}${sink ? `, spans exported to ${sink.endpoint}` : ''}`);
  const meshOptions = { root: ROOT, stateDir, natsUrl: nats.url, natsPid: pidByCommandLine(nats.storeDir), traceEndpoint: sink?.endpoint, cpuProfDir: options.cpuProfDir, nodeOptions: options.nodeOptions, runtime: options.runtime, experiments: options.experiments, apps: options.apps };
  const bench = await MeshBench.start(meshOptions, cleanup);
  const rssIdle = bench.rss('current');
  note(`mesh: ${Object.entries(bench.pids()).map(([pid, name]) => `${name} pid ${pid}`).join(', ')}`);
  const first = await bench.runBatch('shape', 1, timeoutMs);
  if (first.finished !== 1) throw new Error(`the first mesh run did not finish (see the logs in ${stateDir}/logs)`);
  const warm = await bench.runBatch('warm', options.warmup, timeoutMs, progress('mesh warm-up'));
  // The shape of a warm run: the first run's steps are slower (its checks run cold), and a step still working after a second adds its `started`.
  const shaped = warm.finished > 0 ? warm : first;
  const hops = commonest(shaped.timeline.messagesPerRun) ?? 0;
  const shape = { hops, payloadBytes: Math.round(shaped.timeline.meanBytes) };
  const notes = [
    `one mesh run = ${hops} messages on JETWAY_EVENTS (the commonest count of the ${shaped === warm ? 'warm-up' : 'first'} runs), ${shape.payloadBytes} bytes each on average (body + CloudEvents/trace headers), ${Math.round(first.streamBytesPerMessage)} bytes each as stored`,
  ];
  // A failing run takes a shorter path: say so loudly rather than measure something else quietly.
  if (first.failed) notes.unshift(`WARNING: the first mesh run FAILED (${first.failures.join('; ')}): H and the mesh numbers describe a failing pipeline`);
  for (const line of notes) note(line);
  let mesh: ChainResult | undefined;
  let soloMesh: Solo | undefined;
  let broker: MeshPhase['broker'];
  if (options.only.includes('mesh')) {
    const batch = await bench.runBatch('main', options.runs, timeoutMs, progress('mesh'));
    if (options.cpuProfDir) {
      // For profile-summary.ts: cut the profiles to this batch and name them by service.
      writeFileSync(join(options.cpuProfDir, 'window.json'), JSON.stringify(batch.window));
      writeFileSync(join(options.cpuProfDir, 'pids.json'), JSON.stringify(bench.pids()));
    }
    notes.push(...shapeNotes('mesh', batch, hops));
    notes.push(`mesh ${cpuBreakdown(batch)}`);
    const writes = Object.entries(batch.writesPerRun).filter(([, n]) => n > 0);
    const totalWrites = writes.reduce((sum, [, n]) => sum + n, 0);
    notes.push(`mesh JetStream writes per run: ${fmt(totalWrites, 1)} (${writes.map(([name, n]) => `${name} ${fmt(n, 1)}`).join(', ')}); the raw chain writes ${hops}; the services' write probes, ${fmt(batch.probeWritesPerRun, 2)} per run over this batch, are left out: a readiness check's write to each bucket every 10 s, whatever runs`);
    notes.push(`mesh KV write requests per run by bucket and key (a compare-and-set the bucket refused counts too; write probes and keys under 0.05 left out): ${kvWritesLine(batch.kvWrites)}`);
    const reads = Object.values(batch.reads).reduce((sum, families) => sum + Object.values(families).reduce((a, n) => a + n, 0), 0);
    notes.push(`mesh read requests per run: ${fmt(reads, 1)} (KV and object gets, each a round trip to the stream's leader); by bucket and key, keys under 0.05 left out: ${kvWritesLine(batch.reads)}`);
    notes.push(`mesh slowest hand-offs: ${slowestTransitions(batch.timeline.byTransition)}`);
    if (batch.failed) notes.push(`mesh: ${batch.failed} of ${batch.runs} runs failed: ${batch.failures.join('; ')}`);
    const rss = bench.rss().sort((a, b) => b.peakBytes - a.peakBytes)[0];
    const soloFromMs = monoMs();
    const alone = await solo('jetway mesh', options.solo, (tag) => bench.runBatch(tag, 1, timeoutMs));
    // For profile-summary.ts <dir> 15 solo: the runs one at a time, cut out of the profiles.
    if (options.cpuProfDir && alone) writeFileSync(join(options.cpuProfDir, 'window-solo.json'), JSON.stringify({ fromUs: soloFromMs * 1000, toUs: monoMs() * 1000 }));
    if (alone) notes.push(`mesh one run at a time, every hand-off by p50: ${slowestTransitions(alone.byTransition, alone.byTransition.size)}`);
    soloMesh = alone;
    const runtime = options.runtime === 'js' ? `precompiled JS${options.experiments.length ? ` + ${options.experiments.join(' + ')}` : ''}` : 'TS via swc-node';
    mesh = { ...result(`jetway mesh (6 services, ${runtime})`, batch, hops, rss && { bytes: rss.peakBytes, of: rss.service }), writesPerRun: totalWrites };
    broker = { writesPerRun: batch.writesPerRun, reads: batch.reads, meanStoredBytes: batch.meanStoredBytes };
  }
  const rssAfterMain = bench.rss();
  const kinds = options.only.includes('kinds') ? await measureKinds(bench, { root: ROOT, dir: stateDir, runs: options.kindRuns, timeoutMs, progress }) : undefined;
  if (kinds) notes.push(...kinds.notes);
  const scale = await scaleRuns(options, 'scale', bench.runBatch.bind(bench), hops);
  if (sink) notes.push(`spans exported: ${sink.received().requests} OTLP requests, ${fmt(sink.received().bytes / 1024 / 1024, 1)} MB`);
  return { shape, mesh, solo: soloMesh, scale, kinds, rssIdle, rssAfterMain, rssPeak: bench.rss(), notes, broker };
}

/** Warns when runs of a batch did not all have H messages (a failed step changes the path). */
function shapeNotes(label: string, batch: MeshBatch, hops: number): string[] {
  const odd = [...batch.timeline.messagesPerRun].filter(([count]) => count !== hops);
  return odd.length ? [`${label}: runs with other message counts than ${hops}: ${odd.map(([c, n]) => `${n}×${c}`).join(', ')}`] : [];
}

async function rawPhase(options: BenchOptions, shape: ChainShape, cleanup: Cleanup): Promise<Baseline> {
  const nats = await startNats();
  cleanup.defer('nats-server (raw)', () => nats.stop());
  const chain = await RawChain.start(ROOT, { url: nats.url, pid: pidByCommandLine(nats.storeDir) }, shape, cleanup);
  const label = 'raw nats.js JetStream';
  const { batch, alone, scale } = await measureChain(options, 'raw', label, chain, () => nats.stop(), extraNotes);
  return { label, result: result(`${label} (${shape.workers} processes)`, batch, shape.hops, { bytes: batch.peakRss, of: 'largest worker' }), solo: alone, scale };
}

/**
 * The floor: a deployment run's broker requests (floor-stages.ts) replayed on plain nats.js, one
 * process per service, values the size the mesh stored in this run: what the guarantees' KV
 * requests cost with none of the mesh's own work.
 */
async function floorPhase(options: BenchOptions, shape: ChainShape, broker: MeshPhase['broker'], cleanup: Cleanup): Promise<Baseline> {
  const nats = await startNats();
  cleanup.defer('nats-server (floor)', () => nats.stop());
  const floor = { stages: DEPLOYMENT_FLOOR, valueBytes: floorValueBytes(DEPLOYMENT_FLOOR, broker?.meanStoredBytes ?? {}) };
  const chain = await RawChain.start(ROOT, { url: nats.url, pid: pidByCommandLine(nats.storeDir) }, shape, cleanup, floor);
  const name = "floor: the mesh's broker requests on nats.js";
  const { batch, alone, scale } = await measureChain(options, 'floor', name, chain, () => nats.stop(), extraNotes);
  const model = floorCounts(DEPLOYMENT_FLOOR, STREAMS.events.name);
  const writes = Object.values(batch.writesPerRun).reduce((sum, n) => sum + n, 0);
  const reads = Object.values(model.reads).reduce((sum, n) => sum + n, 0);
  extraNotes.push(
    `floor: ${chain.shapeOf.hops} messages, ${fmt(writes, 1)} JetStream writes (measured: ${Object.entries(batch.writesPerRun).map(([name, n]) => `${name} ${fmt(n, 1)}`).join(', ')}) and ${reads} KV reads per run, ` +
      `values ${Object.entries(floor.valueBytes).map(([bucket, bytes]) => `${bucket} ${bytes} B`).join(', ') || 'of the default size (no mesh measured)'}`,
  );
  if (broker) {
    const mismatches = floorMismatches(model, { writes: broker.writesPerRun, reads: broker.reads });
    extraNotes.push(
      mismatches.length
        ? `WARNING: the floor's requests differ from the mesh's in this run (floor-stages.ts): ${mismatches.join('; ')}; the floor models a run whose steps each end within a second (no step's \`started\`), as most do with nothing queued`
        : 'floor: its writes and reads per run by stream and bucket match the mesh\'s in this run',
    );
  }
  const label = `${name} (${chain.shapeOf.workers} processes)`;
  return { label: name, result: { ...result(label, batch, chain.shapeOf.hops, { bytes: batch.peakRss, of: 'largest worker' }), writesPerRun: writes }, solo: alone, scale };
}

async function bullPhase(options: BenchOptions, shape: ChainShape, cleanup: Cleanup): Promise<Baseline> {
  const redis = await startRedis();
  cleanup.defer('redis-server', () => redis.stop());
  const chain = await BullChain.start(ROOT, { port: redis.port, pid: redis.child.pid }, shape, cleanup);
  const { batch, alone, scale } = await measureChain(options, 'BullMQ', 'BullMQ', chain, () => redis.stop(), extraNotes);
  const version = (JSON.parse(readFileSync(join(ROOT, 'node_modules/bullmq/package.json'), 'utf8')) as { version: string }).version;
  return { label: 'BullMQ', result: result(`BullMQ ${version} on redis ${redis.version} (${shape.workers} processes)`, batch, shape.hops, { bytes: batch.peakRss, of: 'largest worker' }), solo: alone, scale };
}

async function bench(options: BenchOptions, cleanup: Cleanup): Promise<void> {
  const startedAt = Date.now();
  const stateDir = mkdtempSync(join(tmpdir(), 'jetway-bench-'));
  say(`jetway bench — ${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), node ${process.version}; logs in ${stateDir}/logs`);
  const needMesh = options.only.some((c) => c === 'mesh' || c === 'kinds' || c === 'scale') || options.hops === undefined || options.payloadBytes === undefined;
  const phase = new Cleanup();
  cleanup.defer('mesh', () => phase.run());
  const mesh = needMesh ? await meshPhase(options, stateDir, phase).finally(() => phase.run()) : undefined;
  const shape: ChainShape = {
    hops: options.hops ?? mesh?.shape.hops ?? 0,
    payloadBytes: options.payloadBytes ?? mesh?.shape.payloadBytes ?? 0,
    workers: options.workers,
    concurrency: options.concurrency,
  };
  const rawPart = options.only.includes('raw') ? await rawPhase(options, shape, cleanup) : undefined;
  const floorPart = options.only.includes('floor') ? await floorPhase(options, shape, mesh?.broker, cleanup) : undefined;
  const bullPart = options.only.includes('bullmq') ? await bullPhase(options, shape, cleanup) : undefined;
  const [raw, bullmq] = [rawPart?.result, bullPart?.result];
  say();
  say(chainTable([mesh?.mesh, raw, floorPart?.result, bullmq].filter((r): r is ChainResult => r !== undefined), { hops: shape.hops, payloadBytes: shape.payloadBytes, runs: options.runs }));
  const solos = [mesh?.solo, rawPart?.solo, floorPart?.solo, bullPart?.solo].filter((r): r is Solo => r !== undefined);
  if (solos.length) say(`\n${soloTable(solos)}`);
  say();
  say(targetLine(evaluateTargets({ mesh: mesh?.mesh, raw, bullmq, solo: { mesh: mesh?.solo, raw: rawPart?.solo }, rss: mesh?.rssAfterMain ?? [], scale: mesh?.scale ?? [] })));
  if (floorPart) say(floorLines({ floor: floorPart.result, raw, mesh: mesh?.mesh, solo: { floor: floorPart.solo, raw: rawPart?.solo, mesh: mesh?.solo } }));
  const meshScale = { label: 'mesh', scale: mesh?.scale ?? [] };
  const baselines = [rawPart, floorPart, bullPart].filter((part): part is Baseline => part !== undefined);
  const tail = scaleTailLine(meshScale, baselines);
  if (tail) say(tail);
  if (mesh?.solo && floorPart?.solo) extraNotes.push(`one run at a time, p50 by hand-off, mesh / floor: ${handOffLine(mesh.solo.byTransition, floorPart.solo.byTransition)}`);
  if (mesh?.rssIdle.length) say(`after boot, idle — ${rssLine(mesh.rssIdle, 'RSS per service')}`);
  if (mesh?.rssAfterMain.length && options.only.includes('mesh')) say(`after the ${options.runs}-run batch — ${rssLine(mesh.rssAfterMain)}`);
  if (mesh?.kinds) say(`\n${kindTable(mesh.kinds.lines, options.kindRuns)}`);
  if (mesh?.scale.length) say(`after the scale runs — ${rssLine(mesh.rssPeak)}`);
  for (const { label, scale } of [meshScale, ...baselines]) if (scale.length > 0) say(`\nscale (${label}, runs published at once):\n${scaleLines(scale)}`);
  say();
  for (const line of [...(mesh?.notes ?? []), ...extraNotes]) say(`note: ${line}`);
  say(`note: raw/BullMQ: hops dealt round-robin over ${shape.workers} worker processes, ${shape.concurrency} messages in flight per hop consumer; the mesh's per-hop gaps include back-to-back publishes of one handler (a step's started and finished, the triggers of steps set off together)`);
  say(`bench took ${fmt((Date.now() - startedAt) / 60_000, 1)} min`);
  if (options.keepLogs) say(`logs kept in ${stateDir}/logs`);
  else rmSync(stateDir, { recursive: true, force: true });
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) return (say(USAGE), 0);
  const cleanup = new Cleanup();
  cleanup.onSignals();
  try {
    await bench(options, cleanup);
    return 0;
  } finally {
    await cleanup.run();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`bench: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
