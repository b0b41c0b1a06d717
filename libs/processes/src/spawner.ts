import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { RunOutcome } from './run-with-timeout';

/** One program to run, as the helper receives it (a JSON line on its stdin). */
interface Job {
  readonly id: number;
  readonly binary: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly timeoutMs: number;
}

/** What the helper answers (a JSON line on its stdout): the outcome, or why the program did not start. */
type Answer = { readonly id: number } & (RunOutcome | { readonly startError: { readonly code?: string; readonly message: string } });

/**
 * The helper, run with `node -e`: reads jobs, starts each program in its own process group,
 * answers with its exit code and output (the group killed past its timeout). It exits when its
 * stdin closes — when the service that started it stops or dies.
 */
const HELPER = `
const { spawn } = require('node:child_process');
const send = (answer) => process.stdout.write(JSON.stringify(answer) + '\\n');
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const job = JSON.parse(line);
  let answered = false;
  const answer = (body) => { if (!answered) { answered = true; send({ id: job.id, ...body }); } };
  let child;
  try {
    child = spawn(job.binary, job.args, { cwd: job.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    return answer({ startError: { code: error.code, message: error.message } });
  }
  let stdout = '', stderr = '', output = '', timedOut = false;
  child.stdout.on('data', (chunk) => { stdout += chunk; output += chunk; });
  child.stderr.on('data', (chunk) => { stderr += chunk; output += chunk; });
  const timer = setTimeout(() => { timedOut = true; try { process.kill(-child.pid, 'SIGKILL'); } catch {} }, job.timeoutMs);
  child.on('error', (error) => { clearTimeout(timer); answer({ startError: { code: error.code, message: error.message } }); });
  child.on('close', (exitCode) => { clearTimeout(timer); answer({ exitCode, stdout, stderr, output, timedOut }); });
}).on('close', () => process.exit(0));
`;

/** Thrown when a program could not be started; `code` is the system's (ENOENT: not installed). */
export class StartError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

interface Pending {
  readonly job: Job;
  readonly resolve: (outcome: RunOutcome) => void;
  readonly reject: (error: Error) => void;
  /** Started again once already, after a helper died under it. */
  readonly retried: boolean;
}

type Helper = ChildProcessByStdio<Writable, Readable, null>;
type Refable = { ref?: () => void; unref?: () => void };

/** Whether the helper (its process and its pipes) keeps the service's event loop alive: only while programs run. */
function hold(helper: Helper, held: boolean): void {
  for (const handle of [helper, helper.stdin, helper.stdout] as Refable[]) {
    if (held) handle.ref?.();
    else handle.unref?.();
  }
}

/**
 * Starts programs through a small long-lived helper process instead of from the service itself.
 * Starting a program forks the process that starts it: from a service of ~200 MB that fork
 * took ~7 ms of the service's own CPU per program (the monitor step runs six per release),
 * from a helper of ~40 MB it costs the service one line written to a pipe. The helper starts on
 * first use and stops after `idleMs` without work; a helper that dies is started again, and the
 * programs it was running are run once more (they must be checks, safe to repeat).
 */
export class Spawner {
  private helper: Helper | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idle: NodeJS.Timeout | undefined;

  constructor(private readonly idleMs = 10_000) {}

  /** Runs `binary args` in `cwd`; rejects with a StartError when it cannot start, resolves otherwise (any exit code). */
  run(binary: string, args: readonly string[], options: { readonly cwd: string; readonly timeoutMs: number }): Promise<RunOutcome> {
    return new Promise((resolve, reject) => this.send({ job: { id: this.nextId++, binary, args, cwd: options.cwd, timeoutMs: options.timeoutMs }, resolve, reject, retried: false }));
  }

  /** Stops the helper (and with it nothing that runs: each program has its own process group and ends on its own). */
  close(): void {
    clearTimeout(this.idle);
    this.helper?.stdin.end();
    this.helper = undefined;
  }

  private send(pending: Pending): void {
    clearTimeout(this.idle);
    const helper = this.helper ?? this.start();
    this.pending.set(pending.job.id, pending);
    hold(helper, true);
    helper.stdin.write(`${JSON.stringify(pending.job)}\n`);
  }

  private start(): Helper {
    const helper = spawn(process.execPath, ['-e', HELPER], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.helper = helper;
    createInterface({ input: helper.stdout }).on('line', (line) => this.answered(JSON.parse(line) as Answer));
    helper.stdin.on('error', () => undefined);
    helper.on('exit', (code, signal) => this.died(helper, `the helper that starts programs exited (${signal ?? `code ${String(code)}`})`));
    helper.on('error', (error) => this.died(helper, `the helper that starts programs failed: ${error.message}`));
    return helper;
  }

  private answered(answer: Answer): void {
    const pending = this.pending.get(answer.id);
    if (!pending) return;
    this.pending.delete(answer.id);
    if ('startError' in answer) pending.reject(new StartError(answer.startError.message, answer.startError.code));
    else pending.resolve({ exitCode: answer.exitCode, stdout: answer.stdout, stderr: answer.stderr, output: answer.output, timedOut: answer.timedOut });
    if (this.pending.size === 0) this.rest();
  }

  /** Nothing to wait for: let the service exit, and stop the helper after a while. */
  private rest(): void {
    if (this.helper) hold(this.helper, false);
    this.idle = setTimeout(() => this.close(), this.idleMs);
    this.idle.unref();
  }

  private died(helper: Helper, why: string): void {
    if (this.helper === helper) this.helper = undefined;
    const lost = [...this.pending.values()];
    this.pending.clear();
    for (const pending of lost) {
      if (pending.retried) pending.reject(new Error(why));
      else this.send({ ...pending, retried: true });
    }
  }
}
