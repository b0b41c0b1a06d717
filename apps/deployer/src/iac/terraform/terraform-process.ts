import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { TerraformCommandError, TerraformMissingError, TerraformTimeoutError } from './terraform-errors';

/** The names the driver looks for on PATH, in order. */
export const TERRAFORM_NAMES = ['terraform', 'tofu'] as const;

/**
 * The binary to run: `binary` when given (a path, or a name looked up on PATH), else the first of
 * `terraform`, `tofu` on the PATH of `env`. Throws `TerraformMissingError` naming the folders searched.
 */
export function findTerraform(env: NodeJS.ProcessEnv, binary?: string): string {
  const dirs = (env['PATH'] ?? '').split(delimiter).filter(Boolean);
  if (binary && (isAbsolute(binary) || binary.includes('/'))) {
    if (executable(binary)) return binary;
    throw new TerraformMissingError([binary]);
  }
  for (const name of binary ? [binary] : TERRAFORM_NAMES) {
    const found = dirs.map((dir) => join(dir, name)).find(executable);
    if (found) return found;
  }
  throw new TerraformMissingError(dirs);
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface TerraformRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  /** Exit codes that are not failures (plan -detailed-exitcode: 0 and 2). */
  readonly okCodes?: readonly number[];
}

/** Runs `binary args` in `cwd`; kills its process group on timeout (providers are child processes). */
export function runTerraform(binary: string, args: readonly string[], options: RunOptions): Promise<TerraformRun> {
  const okCodes = options.okCodes ?? [0];
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error.code === 'ENOENT' ? new TerraformMissingError([binary], error) : error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) reject(new TerraformTimeoutError(args, options.timeoutMs, stderr));
      else if (code === null || !okCodes.includes(code)) reject(new TerraformCommandError(args, code, stderr));
      else resolve({ exitCode: code, stdout, stderr });
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
