import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stopLocalPlatform, type ProcessRouterOptions } from '@jetway/deployer';
import { RolloutMesh } from '@jetway/deployer/testing';
import { startHey, type HeyReport } from '@jetway/testing';
import type { PlannedRollout } from './rollouts';
import type { Load } from './scenarios';
import type { Row } from './table';

/** Load before and after each rollout: the old set's last requests and the new set's first. */
export const ROLLOUT_LOAD_MARGIN_SECONDS = 1.5;
/** hey's -z for a rollout row, an upper bound only: the bench stops hey once the rollout ended. */
const LOAD_CAP_SECONDS = 600;
/** How long the mesh may take to stop before the platform's processes are stopped regardless. */
const STOP_TIMEOUT_MS = 30_000;

export interface RolloutRowsOptions {
  readonly plan: readonly PlannedRollout[];
  readonly load: Load;
  readonly warmupSeconds: number;
  /** The router process's command: the compiled copy the router rows ran. */
  readonly router: NonNullable<ProcessRouterOptions['command']>;
  /** Ctrl-C: stop at the next chance, after stopping what this started. */
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
}

/**
 * The rows per strategy: a nats-server and the deployer service (in this process, on a temporary
 * data directory, with its router process), v1 deployed rolling on 3 replicas, then each planned
 * rollout run by the deployer under the same steady hey load through the router's stable URL,
 * from a moment before the rollout until a moment after it finished. A rollout that does not
 * succeed ends the series: the next ones would not start where their names say.
 */
export async function measureRollouts(options: RolloutRowsOptions): Promise<Row[]> {
  if (options.plan.length === 0) return [];
  const mesh = await RolloutMesh.start('rollout-bench', { router: options.router });
  try {
    return await untilAborted(options.signal, rolloutRows(mesh, options));
  } finally {
    await stopMesh(mesh);
  }
}

async function rolloutRows(mesh: RolloutMesh, options: RolloutRowsOptions): Promise<Row[]> {
  const first = await mesh.deploy({ release: 'v1', strategy: 'rolling', replicas: 3 });
  if (first.outcome !== 'succeeded') throw new Error(`the first release (v1, rolling) did not deploy: ${first.outcome}: ${first.reason ?? 'no reason given'}`);
  const url = mesh.url('/');
  options.log(`deployer on ${mesh.nats.url}, its router on :${mesh.routerPort}; v1 on 3 replicas`);
  if (options.warmupSeconds > 0) await startHey(url, { ...options.load, seconds: options.warmupSeconds }).finished;
  const rows: Row[] = [];
  for (const { scenario, measured } of options.plan) {
    options.signal.throwIfAborted();
    const { result, summary } = await underLoad(url, options.load, () => scenario.run(mesh));
    options.log(`  ${scenario.name}: ${result.outcome} in ${result.seconds.toFixed(1)} s${measured ? '' : ' (sets up a later row; not shown)'}`);
    if (!measured && !result.ok) throw new Error(`${scenario.name} (setting up a later row) did not succeed: ${result.outcome}: ${result.detail ?? ''}`);
    if (measured) rows.push({ scenario: scenario.name, kind: 'rollout', summary, rollout: result });
    if (!result.ok) break;
  }
  return rows;
}

/** hey's steady load from a margin before `change` until a margin after it; hey is stopped on an error too. */
async function underLoad<T>(url: string, load: Load, change: () => Promise<T>): Promise<{ result: T; summary: HeyReport }> {
  const hey = startHey(url, { ...load, seconds: LOAD_CAP_SECONDS });
  try {
    await sleep(ROLLOUT_LOAD_MARGIN_SECONDS * 1_000);
    const result = await change();
    await sleep(ROLLOUT_LOAD_MARGIN_SECONDS * 1_000);
    return { result, summary: await hey.stop() };
  } finally {
    await hey.stop().catch(() => undefined);
  }
}

/**
 * Ctrl-C reaches nats-server too (it shares the terminal's process group), and the deployer's stop
 * may then wait on a connection that is gone: the platform's router and instances (their own
 * process groups, which no Ctrl-C reaches) are stopped in any case.
 */
async function stopMesh(mesh: RolloutMesh): Promise<void> {
  const stopped = await Promise.race([mesh.stop().then(() => true, () => false), sleep(STOP_TIMEOUT_MS, false, { ref: false })]);
  if (stopped) return;
  await stopLocalPlatform(join(mesh.dir, 'deployer'));
  await mesh.nats.stop().catch(() => undefined);
  await rm(mesh.dir, { recursive: true, force: true });
}

/** `work`, or a rejection as soon as `signal` aborts (so the caller's finally stops what it started). */
function untilAborted<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  work.catch(() => undefined); // settles after the abort too: nobody waits for it then
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(new Error('interrupted'));
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
