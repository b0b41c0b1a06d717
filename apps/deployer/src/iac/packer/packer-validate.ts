import { execFile, type ExecFileException } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermanentError, TransientError } from '@jetway/messaging';

/**
 * Template formats with Debian's Packer 1.6: the legacy JSON template (`*.json`) is the one 1.6
 * fully supports, and what the generator should write. HCL2 (`*.pkr.hcl`) was still beta in
 * 1.6 (no `packer init`, no `required_plugins`), though `packer validate` checks a template that
 * sticks to built-in plugins (`null`, `shell-local`) — both are exercised by the int-spec.
 */
export type PackerValidation = { ok: true } | { ok: false; errors: string[] };

export interface PackerOptions {
  /** The program to start; `packer` from PATH unless given. */
  binary?: string;
  timeoutMs?: number;
}

export class PackerMissingError extends PermanentError {
  constructor(cause?: unknown) {
    super('packer not found on PATH: install it with `sudo apt-get install packer` (Debian)', { cause });
  }
}

export class PackerTimeoutError extends TransientError {
  constructor(templatePath: string, timeoutMs: number) {
    super(`packer validate ${templatePath} did not finish within ${timeoutMs} ms and was stopped; raise timeoutMs`);
  }
}

/**
 * `packer validate <template>`: parses the template and checks each builder's and provisioner's
 * configuration, without building. Invalid templates resolve with packer's errors (one entry per
 * `Error:` block, file and line included where packer gives them); only a missing packer or a
 * timeout throws. Runs with a private HOME, config and cache directory, and checkpoint (the
 * version-check call home) off.
 */
export async function packerValidate(templatePath: string, options: PackerOptions = {}): Promise<PackerValidation> {
  const home = await mkdtemp(join(tmpdir(), 'jetway-packer-'));
  try {
    const env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: home,
      CHECKPOINT_DISABLE: '1',
      PACKER_CONFIG_DIR: join(home, 'config'),
      PACKER_CACHE_DIR: join(home, 'cache'),
      PACKER_NO_COLOR: '1',
    };
    const timeoutMs = options.timeoutMs ?? 60_000;
    const result = await execPacker(options.binary ?? 'packer', ['validate', templatePath], env, home, timeoutMs);
    if (result.timedOut) throw new PackerTimeoutError(templatePath, timeoutMs);
    return result.exitCode === 0 ? { ok: true } : { ok: false, errors: packerErrors(result.output) };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** Packer's output cut into its `Error:` blocks; the whole output when it has none. */
export function packerErrors(output: string): string[] {
  const parts = output.split(/^Error: /m);
  if (parts.length === 1) return [output.trim() || 'packer validate failed without a message'];
  // parts[0] is whatever packer printed before its first error (usually nothing).
  return parts.slice(1).map((block) => block.trim());
}

interface PackerRun {
  exitCode: number;
  output: string;
  timedOut: boolean;
}

function execPacker(binary: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, timeoutMs: number): Promise<PackerRun> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { env, cwd, timeout: timeoutMs, killSignal: 'SIGKILL' }, (error: ExecFileException | null, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      if (!error) return resolve({ exitCode: 0, output, timedOut: false });
      if (error.code === 'ENOENT') return reject(new PackerMissingError(error));
      if (error.killed) return resolve({ exitCode: -1, output, timedOut: true });
      resolve({ exitCode: typeof error.code === 'number' ? error.code : 1, output, timedOut: false });
    });
  });
}
