import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProveFinished, ProveTriggered } from '@jetway/contracts';
import { keepStepLogFile, type KeptStepLog } from '@jetway/messaging';
import type { ArtifactReader } from '../publish/fetch-artifact';
import { componentDir, proveComponent, type ComponentProof, type Ran } from './prove-component';
import { prepareSandbox, proveEnvironment, withPythonVenv } from './sandbox';
import type { Reachability } from './toolchain';

/** At most this much of a command's log goes into a failure reason (the contract caps reasons at 4000). */
export const REASON_LOG_CHARS = 1500;

export interface ProveDeps {
  /** Directory under which each attempt gets its sandbox, removed when the proof ends. */
  workRoot: string;
  objects: ArtifactReader & { putFile(name: string, filePath: string): Promise<void> };
  /** How the Maven/Gradle plugin repositories are probed (a TCP connect by default). */
  reachable?: Reachability;
}

type Outputs = NonNullable<ProveFinished['outputs']>;
/** The verdict, with the step log (every command's full output): inline when small, else stored ({@link keepStepLogFile}). */
export type ProveResult = ProveVerdict & KeptStepLog;
export interface ProveVerdict {
  outcome: 'succeeded' | 'failed' | 'skipped';
  reason?: string;
  outputs: Outputs;
}

/**
 * Runs the generated pipelines' install, build and test commands for every component in a fresh
 * sandbox (see {@link prepareSandbox}), under one time budget of `timeout_seconds`. The first
 * failing command (or coverage under `coverage_threshold`) fails the step, naming the component,
 * the phase and the exit code with that command's log tail, once. A component whose toolchain is
 * not on this machine is skipped with what was missing; when every component is, the step is
 * `skipped` with the reasons — never a silent pass. The full log is kept either way (inline when small, else stored).
 */
export async function proveCommands(trigger: ProveTriggered, deps: ProveDeps): Promise<ProveResult> {
  await mkdir(deps.workRoot, { recursive: true });
  const root = await mkdtemp(join(deps.workRoot, `prove-${trigger.run_id}-${trigger.step_id}-${trigger.attempt}-`));
  try {
    const sandbox = await prepareSandbox(root, deps.objects, trigger.source_digest, trigger.bundle_digest);
    // Every component path is checked before anything runs: a bad one fails the step with nothing half done.
    for (const component of trigger.commands) await componentDir(sandbox.project, component.component);
    const stepLog = join(sandbox.logs, 'step.log');
    await writeFile(stepLog, `== proving ${trigger.commands.length} component(s) in a sandbox, ${trigger.timeout_seconds}s at most\n`);
    const commands = trigger.commands.flatMap((c) => [c.install, c.build, c.test].filter((x): x is string => Boolean(x)));
    const context = {
      projectDir: sandbox.project,
      env: await withPythonVenv(proveEnvironment(sandbox), sandbox, commands),
      logsDir: sandbox.logs,
      stepLog,
      deadline: Date.now() + trigger.timeout_seconds * 1000,
      timeoutSeconds: trigger.timeout_seconds,
      coverageThreshold: trigger.coverage_threshold,
      reachable: deps.reachable,
    };
    const proofs: Array<{ component: string; proof: ComponentProof }> = [];
    for (const component of trigger.commands) {
      const proof = await proveComponent(component, context);
      proofs.push({ component: component.component, proof });
      if (proof.kind === 'failed') break;
    }
    const log = await keepStepLogFile(trigger, stepLog, (name, path) => deps.objects.putFile(name, path));
    return { ...verdict(proofs, trigger), ...log };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** The step's outcome, reason and outputs from the components' proofs. */
export function verdict(proofs: Array<{ component: string; proof: ComponentProof }>, step: Pick<ProveTriggered, 'run_id' | 'step_id'>): ProveVerdict {
  const outputs: Outputs = { ran: [], coverage: [], skipped: [] };
  for (const { component, proof } of proofs) {
    if (proof.kind === 'skipped') outputs.skipped.push({ component, reason: proof.reason });
    else {
      outputs.ran.push(...(proof.ran as Ran[]));
      if (proof.coverage) outputs.coverage.push({ component, percent: proof.coverage.percent });
    }
  }
  const failed = proofs.find(({ proof }) => proof.kind === 'failed')?.proof;
  if (failed?.kind === 'failed') return { outcome: 'failed', reason: withLogTail(failed.why, failed.logTail, step), outputs };
  const skippedWords = outputs.skipped.map((skip) => `component ${skip.component}: ${skip.reason}`).join('; ');
  if (outputs.ran.length === 0) {
    const reason = proofs.length === 0 ? 'the generated pipelines run no install, build or test command; nothing to prove' : `nothing could be proven on this machine: ${skippedWords}`;
    return { outcome: 'skipped', reason: reason.slice(0, 4000), outputs };
  }
  return outputs.skipped.length > 0 ? { outcome: 'succeeded', reason: `not proven here: ${skippedWords}`.slice(0, 4000), outputs } : { outcome: 'succeeded', outputs };
}

/** Why, where the whole log is (a command), then the failing command's last lines: the only place they appear. */
export function withLogTail(why: string, logTail: string | undefined, step: Pick<ProveTriggered, 'run_id' | 'step_id'>): string {
  const whole = `full log: jetway logs ${step.run_id} --step ${step.step_id}`;
  if (logTail === undefined) return `${why} (${whole})`;
  if (logTail.trim() === '') return `${why}; the command printed nothing (${whole})`;
  const tail = logTail.length > REASON_LOG_CHARS ? `…${logTail.slice(-REASON_LOG_CHARS)}` : logTail;
  return `${why}; last lines of its log (${whole}):\n${tail}`;
}
