import { join } from 'node:path';
import type { BuildSpec } from '@jetway/contracts';
import { packOutput } from './pack.driver';
import { runCommand } from './run-command.driver';

export type CommandBuildResult =
  | { ok: true; digest: string; sizeBytes: number; archivePath: string; logPath: string; logTail: string }
  | { ok: false; reason: string; logTail: string; logPath: string };

export interface CommandBuildPaths {
  /** The prepared source; the command runs here. */
  workspace: string;
  /** Scratch directory outside the workspace for the log and the archive, so neither is packed. */
  scratchDir: string;
}

/**
 * Runs `build.command` in the workspace and packs `build.output`. A command that fails, times out
 * or leaves no output is a failed build (`ok: false` with why, and the log tail apart: the reason
 * does not repeat the log), not an exception.
 */
export async function runCommandBuild(build: BuildSpec, paths: CommandBuildPaths): Promise<CommandBuildResult> {
  const logPath = join(paths.scratchDir, 'build.log');
  const archivePath = join(paths.scratchDir, 'artifact.tar.gz');
  const run = await runCommand(build.command, {
    cwd: paths.workspace,
    logPath,
    timeoutSeconds: build.timeout_seconds,
  });
  const failed = (reason: string): CommandBuildResult => ({ ok: false, reason, logTail: run.logTail, logPath });
  if (run.timedOut) {
    return failed(`build timed out after ${build.timeout_seconds}s; raise build.timeout_seconds or make the build faster`);
  }
  if (run.exitCode !== 0) {
    const how = run.exitCode === null ? `was killed by ${run.signal ?? 'a signal'}` : `exited with code ${run.exitCode}`;
    return failed(`build command ${how}`);
  }
  const packed = await packOutput(paths.workspace, build.output, archivePath);
  if (!packed.ok) return failed(packed.reason);
  return { ok: true, digest: packed.digest, sizeBytes: packed.sizeBytes, archivePath, logPath, logTail: run.logTail };
}
