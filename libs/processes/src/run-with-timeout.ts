import { spawn } from 'node:child_process';

export interface RunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Past this the whole process group is killed (SIGKILL) and the run resolves `timedOut`. */
  readonly timeoutMs: number;
}

export interface RunOutcome {
  /** null when the process ended by a signal (the timeout's SIGKILL among them). */
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved as the program wrote them. */
  readonly output: string;
  readonly timedOut: boolean;
}

/**
 * Runs `binary args` in its own process group and collects its output. Tools such as Terraform
 * (providers) and ansible-playbook (forked workers) start children: on timeout the whole group is
 * killed, not just the parent. Rejects only when the program cannot start (`error.code` ENOENT
 * when it is not found); a non-zero exit or a timeout resolves, for the caller to judge.
 */
export function runWithTimeout(binary: string, args: readonly string[], options: RunOptions): Promise<RunOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      output += chunk.toString();
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stdout, stderr, output, timedOut });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
