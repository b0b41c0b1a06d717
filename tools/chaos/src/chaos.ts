import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { connect } from 'nats';
import { JetwayClient } from '@jetway/cli';
import { stopLocalPlatform } from '@jetway/deployer';
import { SERVICES, type Service } from '@jetway/launcher';
import { freePort, startPagerDutyReceiver, startSlackReceiver, waitFor } from '@jetway/testing';
import { startBroker, type Broker } from './broker';
import { applicationIn, tally, type SeenEffect } from './effects';
import { ServiceFleet } from './fleet';
import { diagnose } from './diagnose';
import { violations, type ChaosReport } from './report';
import { finishedByApplication } from './runs';
import { planRun, prepareSources, type PlannedRun } from './workload';

const ROOT = resolve(__dirname, '../../..');

export interface ChaosOptions {
  readonly runs: number;
  /** Runs are published evenly over this long, while the kills go on. */
  readonly publishOverMs: number;
  /** Mean time between kills (each is ±50 %). */
  readonly killEveryMs: number;
  /** Kills stop after this long, or earlier once every run finished. */
  readonly killForMs: number;
  /** After the kills, how long the runs get to finish before the unfinished count as lost. */
  readonly settleMs: number;
  readonly broker: 'single' | 'cluster';
  /** Also kill the broker (the nats-server, or one cluster node at a time). */
  readonly brokerFaults: boolean;
  readonly seed: number;
  /** Victims in this order (round robin) instead of at random: tests that must hit each one. */
  readonly order?: readonly string[];
  readonly log?: (line: string) => void;
}

/** Runs pipelines while SIGKILLing services (and the broker), then checks every run and effect. */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const random = mulberry32(options.seed);
  const began = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'jetway-chaos-'));
  // A run that breaks an invariant keeps its state and the services' logs: a replay of the seed rarely hits the same window.
  let keep = Boolean(process.env['JETWAY_CHAOS_KEEP']);
  const startsFile = join(dir, 'starts.jsonl');
  writeFileSync(startsFile, '');
  const broker = await startBroker(options.broker);
  const slack = await startSlackReceiver();
  const pagerduty = await startPagerDutyReceiver();
  const fleet = new ServiceFleet(ROOT, dir, {
    JETWAY_NATS_URL: broker.urls,
    JETWAY_REPLICAS: String(broker.replicas),
    JETWAY_LOG_LEVEL: process.env['JETWAY_LOG_LEVEL'] ?? 'warn',
    JETWAY_ROUTER_PORT: String(await freePort()),
    JETWAY_DEPLOYER_DATA_DIR: join(dir, 'deployer'),
    JETWAY_STACK_DIR: join(dir, 'stack'),
    JETWAY_BUILDER_WORK_DIR: join(dir, 'builder'),
    JETWAY_NOTIFIER_JOURNAL_DIR: join(dir, 'notifier'),
    JETWAY_SLACK_WEBHOOK_URL: slack.url,
    JETWAY_PAGERDUTY_URL: pagerduty.url,
    JETWAY_PAGERDUTY_ROUTING_KEY: 'R0UTINGKEY0000000000000000000000',
    JETWAY_HEALTH_DEADLINE_MS: '10000',
  });
  const leftovers = () => killInstances(startsFile);
  process.once('exit', leftovers);
  const nc = await connect({ servers: broker.urls.split(','), maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  const client = await JetwayClient.connect(broker.urls);
  const brokerKills: Record<string, number> = {};
  try {
    mkdirSync(join(dir, 'logs'), { recursive: true });
    await fleet.startAll();
    log(`mesh up on ${broker.label}; ${options.runs} runs, a kill every ~${options.killEveryMs / 1000} s (seed ${options.seed}); state in ${dir}`);
    const sources = prepareSources(dir);
    const session = `${options.seed}-${began}`;
    const planned = Array.from({ length: options.runs }, (_, i) => planRun(i, session, sources, startsFile));
    const js = nc.jetstream();
    const jsm = await nc.jetstreamManager();
    // An ordered consumer can hang while a cluster's leaders move: each read gets 10 s, then counts as "not yet".
    const readFinished = () => withTimeout(finishedByApplication(js, jsm), 10_000);
    const allFinished = async () => ((await readFinished().catch(() => undefined))?.size ?? 0) >= planned.length;

    let publishing = true;
    const publisher = (async () => {
      for (const run of planned) {
        await publishUntilAccepted(client, run, log);
        await delay(options.publishOverMs / options.runs);
      }
      publishing = false;
    })();
    const killUntil = Date.now() + options.killForMs;
    let killed = 0;
    while (Date.now() < killUntil && (publishing || !(await allFinished()))) {
      await delay(options.killEveryMs * (0.5 + random()));
      await fleet.reviveCrashed();
      await fleet.scrape();
      const victims: readonly string[] = options.order ?? [...SERVICES, ...(options.brokerFaults ? broker.victims : [])];
      const victim = (options.order ? victims[killed % victims.length] : victims[Math.floor(random() * victims.length)]) as string;
      killed += 1;
      if ((SERVICES as readonly string[]).includes(victim)) {
        await fleet.kill(victim as Service);
      } else {
        await killBroker(broker, victim, random, log);
        brokerKills[victim] = (brokerKills[victim] ?? 0) + 1;
      }
      log(`  killed ${victim}`);
    }
    await publisher;
    log('kills over; waiting for every run to finish');
    await fleet.reviveCrashed();
    await fleet.ready();
    const settled = async () => (await fleet.reviveCrashed(), allFinished());
    await waitFor(settled, { timeoutMs: options.settleMs, intervalMs: 1_000, message: 'every run to finish' }).catch(() => undefined);
    // Let late notifications land before counting them (each run's own posts, at most a few seconds).
    await waitFor(() => slack.received.length >= planned.length, { timeoutMs: 15_000, intervalMs: 500, message: 'Slack posts' }).catch(() => undefined);
    const finished = await waitFor(() => readFinished().catch(() => undefined), { timeoutMs: 60_000, intervalMs: 1_000, message: 'the finished runs' });
    const result = report({
      options,
      planned,
      finished,
      fleet,
      brokerKills,
      startsFile,
      slackPosts: slack.received,
      pagerdutyEvents: pagerduty.received,
      durationMs: Date.now() - began,
      broker: broker.label,
    });
    const suspects = new Set([...result.lost, ...result.wrongOutcome].map((line) => line.split(' ')[0] ?? ''));
    const violated = violations(result).length > 0;
    const diagnostics: string[] = violated ? await withTimeout(diagnose(js, jsm, suspects), 20_000).catch((e: Error) => [`(no diagnosis: ${e.message})`]) : [];
    if (violated) {
      keep = true;
      diagnostics.push(`state and the services' logs kept in ${dir} (${join(dir, 'logs')})`);
    }
    await fleet.stopAll();
    return { ...result, diagnostics };
  } finally {
    await fleet.stopAll().catch(() => undefined);
    await stopLocalPlatform(join(dir, 'deployer'), 2_000).catch(() => undefined); // the router process, and the apps it knows of
    killInstances(startsFile);
    process.removeListener('exit', leftovers);
    await client.close().catch(() => undefined);
    await nc.close().catch(() => undefined);
    await slack.close();
    await pagerduty.close();
    await broker.stop();
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

async function publishUntilAccepted(client: JetwayClient, run: PlannedRun, log: (line: string) => void): Promise<void> {
  await waitFor(
    // The lookup after the publish needs the planner; a killed planner only delays it. Same key, same event: no duplicate run.
    () => client.publishRequest(run.request, 20_000).then(() => true, (error: Error) => (log(`  publish ${run.application}: ${error.message}; again`), undefined)),
    { timeoutMs: 120_000, intervalMs: 500, message: `run ${run.application} accepted` },
  );
}

async function killBroker(broker: Broker, victim: string, random: () => number, log: (line: string) => void): Promise<void> {
  await broker.kill(victim);
  await delay(500 + random() * 1_500);
  await broker.restart(victim);
  log(`  ${victim} back`);
}

/** What one chaos session saw, turned into its report. */
interface Observed {
  readonly options: ChaosOptions;
  readonly planned: readonly PlannedRun[];
  readonly finished: Map<string, { outcome: string; reason?: string }[]>;
  readonly fleet: ServiceFleet;
  readonly brokerKills: Record<string, number>;
  readonly startsFile: string;
  readonly slackPosts: readonly { text: string }[];
  readonly pagerdutyEvents: readonly { event_action: string; dedup_key?: string }[];
  readonly durationMs: number;
  readonly broker: string;
}

function report({ options, planned, finished, fleet, brokerKills, startsFile, slackPosts, pagerdutyEvents, durationMs, broker }: Observed): ChaosReport {
  const lost = planned.filter((run) => !finished.has(run.application)).map((run) => run.application);
  const wrongOutcome = planned.flatMap((run) => {
    const outcome = finished.get(run.application)?.[0];
    return outcome && outcome.outcome !== run.expected ? [`${run.application} ${outcome.outcome} (expected ${run.expected}): ${outcome.reason ?? ''}`] : [];
  });
  const starts: SeenEffect[] = readLines(startsFile).map((line, n) => ({ application: line.app, key: `start-${n}` }));
  const posts: SeenEffect[] = slackPosts.map((post) => ({ application: applicationIn(post.text), key: post.text }));
  const pages: SeenEffect[] = pagerdutyEvents.map((e) => ({ application: applicationIn(e.dedup_key ?? ''), key: `${e.event_action} ${e.dedup_key}` }));
  const totals = fleet.totals();
  return {
    seed: options.seed,
    broker,
    durationMs,
    runs: planned.length,
    finishedAsExpected: planned.length - lost.length - wrongOutcome.length,
    wrongOutcome,
    lost,
    kills: { ...fleet.kills, ...brokerKills },
    crashes: fleet.crashes,
    redeliveries: totals.redeliveries,
    duplicatesDropped: { publish: totals.publishDuplicates, effect: totals.effectDuplicates },
    stepsRecovered: totals.stepsRecovered,
    processes: tally(starts, planned, (run) => run.expectedStarts),
    slack: tally(posts, planned, () => 1),
    pagerduty: tally(pages, planned, (run) => run.expectedPagerDutyEvents),
  };
}

function readLines(file: string): { app?: string; pid?: number }[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { app?: string; pid?: number });
}

/** The deployed apps outlive the deployer on purpose; at the end the suite stops them all. */
function killInstances(startsFile: string): void {
  for (const { pid } of readLines(startsFile)) {
    try {
      if (pid) process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** A small seeded PRNG, so a failing schedule can be replayed with --seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
