import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { runWithTimeout } from '@jetway/processes';
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
export async function runTerraform(binary: string, args: readonly string[], options: RunOptions): Promise<TerraformRun> {
  const okCodes = options.okCodes ?? [0];
  const run = await runWithTimeout(binary, args, options).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT' ? new TerraformMissingError([binary], error) : error;
  });
  if (run.timedOut) throw new TerraformTimeoutError(args, options.timeoutMs, run.stderr);
  if (run.exitCode === null || !okCodes.includes(run.exitCode)) throw new TerraformCommandError(args, run.exitCode, run.stderr);
  return { exitCode: run.exitCode, stdout: run.stdout, stderr: run.stderr };
}
