import { setImmediate, setTimeout as sleep } from 'node:timers/promises';
import type { HealthCheck } from '@jetway/contracts';
import type { DeployDeps } from './deploy.types';
import type { Instance, InstanceExit, ReleaseRef, RunSpec } from './release-runtime.port';

/** How to bring a release up: what to run, how many, and how to tell it is healthy. */
export interface StartPlan {
  readonly run: RunSpec;
  readonly count: number;
  readonly check: HealthCheck;
  /** How long new instances have to become healthy, in milliseconds. */
  readonly deadlineMs: number;
  /** Instances of this release already running (left behind by an interrupted deploy), counted in `count`. */
  readonly reused?: readonly Instance[];
  /** Aborting gives up at once (the deployer is stopping): the instances are stopped. */
  readonly signal?: AbortSignal;
  /**
   * Names this start (one move of one rollout): repeated after a crash or a lost write, it
   * counts the instances its earlier try started — running, or ended when that try failed —
   * instead of starting the release again.
   */
  readonly key?: string;
}

/** Why a start failed: a one-line `reason`, and `detail` (an instance's last stderr lines) when there is one. */
export type StartOutcome =
  | { readonly ok: true; readonly instances: Instance[] }
  | { readonly ok: false; readonly instances: Instance[]; readonly reason: string; readonly detail?: string };

type Verdict = { kind: 'healthy' } | { kind: 'unhealthy'; reason: string } | { kind: 'exited'; instance: Instance; exit: InstanceExit } | { kind: 'aborted' };

/** Lines of an exited instance's stderr the reason quotes, and the bytes read to find them. */
const STDERR_LINES = 12;
const STDERR_LINE_CHARS = 240;
const STDERR_READ_BYTES = 8 * 1024;
/** How long an aborted wait still listens for its instance's exit. */
const EXIT_GRACE_MS = 300;

/**
 * Brings `plan.count` instances of the release up — those an earlier try of this start left and
 * `plan.reused` ones already running, plus new ones — and waits for all to be healthy. The first
 * instance that turns out unhealthy or exits ends the wait for all (the release cannot succeed
 * any more), and all are stopped; an exit is noticed the moment the process is gone, not at the
 * health deadline. An instance an earlier try left ended fails this try at once, the same way.
 */
export async function startHealthy(ref: ReleaseRef, plan: StartPlan, deps: Pick<DeployDeps, 'runtime' | 'health'>): Promise<StartOutcome> {
  const there = alreadyThere(plan, deps.runtime);
  const instances = [...there, ...(await deps.runtime.start(ref, plan.run, plan.count - there.length, plan.key))];
  const giveUp = new AbortController();
  const onAbort = () => giveUp.abort();
  plan.signal?.addEventListener('abort', onAbort);
  try {
    const verdicts = await Promise.all(instances.map((i) => watch(i, plan, deps, giveUp)));
    const failures = verdicts.filter((v) => v.kind === 'unhealthy' || v.kind === 'exited');
    if (failures.length === 0 && !plan.signal?.aborted) return { ok: true, instances };
    if (failures.length === 0) {
      await deps.runtime.stop(instances);
      return { ok: false, instances, reason: `gave up starting ${ref.digest}: the deployer is stopping` };
    }
    await deps.runtime.stopFailed(instances);
    return { ok: false, instances, ...(await describeFailures(failures, plan.count, ref, deps)) };
  } catch (error) {
    await deps.runtime.stop(instances);
    throw error;
  } finally {
    plan.signal?.removeEventListener('abort', onAbort);
  }
}

/** What an earlier try of this start left, then the running `reused` ones; no more than `count`. */
function alreadyThere(plan: StartPlan, runtime: DeployDeps['runtime']): Instance[] {
  const earlier = plan.key ? runtime.startedUnder(plan.key) : [];
  const counted = new Set(earlier.map((i) => i.id));
  return [...earlier, ...(plan.reused ?? []).filter((i) => !counted.has(i.id))].slice(0, plan.count);
}

/**
 * Health of one instance, or its exit if that comes first; a failure aborts the others' waits.
 * An aborted wait still counts an exit that comes within a moment: replicas of a release that
 * crashes at start crash together, and the reason should say so.
 */
async function watch(instance: Instance, plan: StartPlan, deps: Pick<DeployDeps, 'runtime' | 'health'>, giveUp: AbortController): Promise<Verdict> {
  // An instance an earlier try left ended has its exit at hand (settled before the next turn): no probe.
  const ended = await Promise.race([deps.runtime.exited(instance), setImmediate(undefined)]);
  if (ended) {
    giveUp.abort();
    return { kind: 'exited', instance, exit: ended };
  }
  const health = deps.health
    .waitHealthy(instance.baseUrl, plan.check, plan.deadlineMs, giveUp.signal)
    .then((r): Verdict => (r.healthy ? { kind: 'healthy' } : giveUp.signal.aborted ? { kind: 'aborted' } : { kind: 'unhealthy', reason: r.reason }));
  const exit = deps.runtime.exited(instance).then((e): Verdict => ({ kind: 'exited', instance, exit: e }));
  const verdict = await Promise.race([health, exit]);
  if (verdict.kind === 'unhealthy' || verdict.kind === 'exited') giveUp.abort();
  if (verdict.kind !== 'aborted') return verdict;
  return Promise.race([exit, sleep(EXIT_GRACE_MS).then((): Verdict => verdict)]);
}

type Failure = Extract<Verdict, { kind: 'unhealthy' | 'exited' }>;

/**
 * One reason for all failed instances: each distinct failure once (replicas of one broken release
 * usually fail the same way), and the first exited instance's last stderr lines as the detail.
 */
async function describeFailures(
  failures: readonly Failure[],
  count: number,
  ref: ReleaseRef,
  deps: Pick<DeployDeps, 'runtime'>,
): Promise<{ reason: string; detail?: string }> {
  const distinct = [...new Set(failures.map((f) => (f.kind === 'exited' ? exitReason(f.exit) : f.reason)))];
  const reason = `${failures.length} of ${count} new instances of ${ref.digest} unhealthy: ${distinct.join('; ')}`;
  const exited = failures.find((f): f is Extract<Failure, { kind: 'exited' }> => f.kind === 'exited');
  if (!exited) return { reason };
  const { stderr } = await deps.runtime.output(exited.instance, STDERR_READ_BYTES);
  const tail = lastLines(stderr, STDERR_LINES);
  return { reason, detail: tail ? `last lines of its stderr (${exited.instance.id}):\n${tail}` : 'it wrote nothing to stderr' };
}

function exitReason(exit: InstanceExit): string {
  if (exit.earlier === 'stopped') return 'an earlier try of this start found it unhealthy and stopped it';
  if (exit.earlier === 'unseen') return 'it had exited when the restarted deployer looked';
  return `${exitText(exit)} before it was healthy`;
}

export function exitText(exit: InstanceExit): string {
  return exit.code !== null ? `exited with code ${exit.code}` : `was killed by ${exit.signal ?? 'a signal'}`;
}

/** The last `count` non-blank lines, each cut to a readable width and indented. */
export function lastLines(text: string, count: number): string {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(-count)
    .map((line) => `  ${line.length > STDERR_LINE_CHARS ? `${line.slice(0, STDERR_LINE_CHARS)}…` : line}`)
    .join('\n');
}

/** A reason with its detail on the lines below it, where a reader finds the traceback. */
export function withDetail(reason: string, detail: string | undefined): string {
  return detail ? `${reason}\n${detail}` : reason;
}
