import { Spawner, StartError } from '@jetway/processes';

/** promtool, amtool and the blackbox exporter start through one helper process (see Spawner): not forked from the service. */
const spawner = new Spawner();

/** What a check tool did: its exit code (null when killed), its output, or why it could not start. */
export interface ToolRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** Set when the program could not be started (`ENOENT: …` when it is not installed). */
  readonly startError?: string;
  /** The program is not installed. */
  readonly missing: boolean;
}

/** Runs a check tool; never rejects: a tool that cannot start, or a helper that failed, is an answer saying so. */
export async function runTool(binary: string, args: readonly string[], options: { readonly cwd?: string; readonly timeoutMs: number }): Promise<ToolRun> {
  try {
    const outcome = await spawner.run(binary, args, { cwd: options.cwd ?? process.cwd(), timeoutMs: options.timeoutMs });
    return { code: outcome.exitCode, stdout: outcome.stdout, stderr: outcome.stderr, timedOut: outcome.timedOut, missing: false };
  } catch (error) {
    const code = error instanceof StartError ? error.code : undefined;
    const startError = `${code ? `${code}: ` : ''}${(error as Error).message}`;
    return { code: null, stdout: '', stderr: startError, timedOut: false, startError, missing: code === 'ENOENT' };
  }
}
