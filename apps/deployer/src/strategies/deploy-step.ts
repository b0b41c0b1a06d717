import type { ReleaseInfo, RolloutProgressed } from '@jetway/contracts';
import type { KeptStepLog } from '@jetway/messaging';
import type { DeployInput, DeployResult } from '../use-cases/deploy.types';
import type { Instance, ReleaseRuntime } from '../use-cases/release-runtime.port';
import { deployRelease } from './deploy-release';
import type { RolloutDeps } from './rollout.deps';

/** What the deploy step finishes with (the StepWorker's StepResult for `deploy`). */
export interface DeployStepResult {
  readonly outcome: DeployResult['outcome'];
  readonly reason?: string;
  readonly outputs?: { readonly release: ReleaseInfo };
  /** The attempt's instance log, when it is small enough to travel inline (see `keepStepLog`). */
  readonly log?: string;
  /** Object Store name of the attempt's instance log, when it was larger and could be stored. */
  readonly log_object?: string;
  /** The rollout's last move, carried by the finished instead of an event of its own. */
  readonly last_move?: RolloutProgressed;
}

/** Where a step's log went (`log` inline or `log_object` stored), or neither when it could not be stored. */
export type StepLogFields = KeptStepLog | Record<never, never>;

/** Keeps the attempt's log (inline when small, else stored) and resolves the fields naming it. */
export type KeepStepLog = (text: string) => Promise<StepLogFields>;

/** The step contract bounds `reason`; a longer one keeps its start and its end (the stderr tail). */
export const REASON_MAX_CHARS = 4_000;
/** Bound on the whole step log, and on each instance stream in it. */
export const LOG_MAX_BYTES = 256 * 1024;
const STREAM_MAX_BYTES = 32 * 1024;

/**
 * One deploy attempt as the step sees it: deploy with the requested strategy, store what the
 * attempt's instances wrote (on success and on failure, so `jetway logs` shows why an instance
 * died), and finish with the outcome, the reason and the log (inline, or its object's name).
 */
export async function deployStep(input: DeployInput, deps: RolloutDeps, keepLog: KeepStepLog, signal?: AbortSignal): Promise<DeployStepResult> {
  const result = await deployRelease(input, deps, signal);
  const kept = await keepLog(await attemptLog(input, result, deps.runtime));
  const log = { ...kept, ...(result.last_move && { last_move: result.last_move }) };
  if (result.outcome === 'succeeded') {
    return { outcome: 'succeeded', outputs: { release: result.release }, ...(result.reason ? { reason: result.reason } : {}), ...log };
  }
  return { outcome: result.outcome, reason: clampReason(result.reason), ...log };
}

/** The attempt's log: a header, then each instance's stdout and stderr tails, bounded in total. */
export async function attemptLog(input: DeployInput, result: DeployResult, runtime: Pick<ReleaseRuntime, 'output'>): Promise<string> {
  const head = [
    `deploy ${input.application}/${input.environment} ${input.digest}: ${result.outcome}`,
    ...(result.reason ? [result.reason] : []),
    `run: ${input.platform_config.run.command} (port in $${input.platform_config.run.port_env}), replicas ${input.platform_config.replicas}`,
  ].join('\n');
  return instancesLog(head, result.instances, runtime);
}

/** `head`, then each instance's stdout and stderr tails, bounded in total (a deploy's or a rollback's log). */
export async function instancesLog(head: string, instances: readonly Instance[], runtime: Pick<ReleaseRuntime, 'output'>): Promise<string> {
  if (instances.length === 0) return `${head}\nno instance was started\n`;
  const budget = Math.min(STREAM_MAX_BYTES, Math.floor(LOG_MAX_BYTES / (2 * instances.length + 1)));
  const sections = await Promise.all(instances.map((i) => instanceSection(i, budget, runtime)));
  return `${head}\n${sections.join('')}`;
}

async function instanceSection(instance: Instance, budget: number, runtime: Pick<ReleaseRuntime, 'output'>): Promise<string> {
  const { stdout, stderr } = await runtime.output(instance, budget);
  const block = (name: string, text: string) => `--- ${instance.id} (${instance.target}) ${name} ---\n${text ? (text.endsWith('\n') ? text : `${text}\n`) : '(empty)\n'}`;
  return block('stdout', stdout) + block('stderr', stderr);
}

export function clampReason(reason: string): string {
  if (reason.length <= REASON_MAX_CHARS) return reason;
  const keep = Math.floor((REASON_MAX_CHARS - 60) / 2);
  return `${reason.slice(0, keep)}\n… (${reason.length - 2 * keep} characters cut) …\n${reason.slice(-keep)}`;
}
