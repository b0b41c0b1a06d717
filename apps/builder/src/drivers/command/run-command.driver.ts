import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import { TransientError } from '@jetway/messaging';

/** How much of the log is kept in memory and sent in events; the full log stays in the file. */
export const LOG_TAIL_BYTES = 4096;

export interface RunCommandOptions {
  /** Directory the command runs in. */
  cwd: string;
  /** File that receives stdout and stderr, interleaved as written; created or truncated. */
  logPath: string;
  /** Wall-clock limit; when it passes, the whole process group is killed. */
  timeoutSeconds: number;
  /** Environment of the command; defaults to {@link buildEnvironment}. */
  env?: NodeJS.ProcessEnv;
}

export interface CommandRun {
  /** Exit code, or null when the command was ended by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The last {@link LOG_TAIL_BYTES} bytes of the log. */
  logTail: string;
}

/**
 * Runs `command` with `sh -c` in its own process group. Output goes straight to the log file (the
 * child writes to the file descriptor), so memory stays flat however much the build prints.
 * A non-zero exit is a normal result, not an error; only failing to start is thrown.
 */
export async function runCommand(command: string, options: RunCommandOptions): Promise<CommandRun> {
  const log = await open(options.logPath, 'w');
  let outcome: Omit<CommandRun, 'logTail'>;
  try {
    outcome = await spawnInGroup(command, options, log.fd);
  } finally {
    await log.close();
  }
  return { ...outcome, logTail: await readTail(options.logPath, LOG_TAIL_BYTES) };
}

function spawnInGroup(command: string, options: RunCommandOptions, fd: number): Promise<Omit<CommandRun, 'logTail'>> {
  return new Promise((resolve, reject) => {
    // detached: the child leads a new process group, so one kill reaches everything it started.
    const child = spawn('sh', ['-c', command], {
      cwd: options.cwd,
      detached: true,
      stdio: ['ignore', fd, fd],
      env: options.env ?? buildEnvironment(),
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutSeconds * 1000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new TransientError(`could not start the build shell: ${error.message}`, { cause: error }));
    });
    child.once('exit', (exitCode, signal) => {
      clearTimeout(timer);
      // Background processes the build left running must not outlive the step.
      killGroup(child.pid);
      resolve({ exitCode, signal, timedOut });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: the group is already gone, which is what we wanted.
  }
}

/**
 * The environment a build sees: enough to find tools and caches, but not the builder's own
 * variables (NATS credentials, tokens), which a build command could otherwise print into its log.
 */
export function buildEnvironment(source: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const passed = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ'];
  const env: NodeJS.ProcessEnv = { CI: 'true' };
  for (const name of passed) {
    const value = source[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** Reads the last `bytes` bytes of a file as UTF-8, dropping a character cut in half at the start. */
export async function readTail(path: string, bytes: number): Promise<string> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const length = Math.min(size, bytes);
    const buffer = Buffer.alloc(length);
    await file.read(buffer, 0, length, size - length);
    return buffer.toString('utf8').replace(/^\uFFFD+/, '');
  } finally {
    await file.close();
  }
}
