import { runCli, type CliIo } from '@jetway/cli';

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export interface CliOptions {
  /** The NATS URL the command talks to (`--nats`). */
  readonly nats: () => string;
  /** Where approvers' seeds are (the CLI's state dir and home). */
  readonly dir: string;
  readonly env?: Record<string, string>;
  readonly cwd?: string;
  readonly stateDirs?: string[];
}

/** The `jetway` CLI in this process, its output captured, as the specs drive it. */
export function cliRunner(options: CliOptions): (args: string[]) => Promise<CliResult> {
  return async (args) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      env: options.env ?? {},
      cwd: options.cwd ?? process.cwd(),
      stateDirs: options.stateDirs ?? [options.dir],
      home: options.dir,
      color: false,
    };
    const code = await runCli([...args, '--nats', options.nats()], io);
    return { code, out: out.join(''), err: err.join('') };
  };
}
