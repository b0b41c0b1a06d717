import type { BuildTriggered } from '@jetway/contracts';

/**
 * What a build driver leaves in the scratch directory it was given: the artifact (a tar.gz) and
 * the build log on success, the log and a reason for humans when the build itself failed.
 */
export type DriverBuildResult =
  | { ok: true; digest: string; sizeBytes: number; archivePath: string; logPath: string; logTail: string }
  | { ok: false; reason: string; logTail: string; logPath: string };

/**
 * Turns a build trigger into an artifact file (the `command` driver: workspace + build command;
 * `noop`: a tiny deterministic archive, no command). Writes only inside `scratchDir`, which the
 * caller creates before and removes after. A failed build resolves `ok: false`; bad input rejects
 * with `PermanentError`, infrastructure trouble with `TransientError`.
 */
export interface BuildDriver {
  build(trigger: BuildTriggered, scratchDir: string): Promise<DriverBuildResult>;
}
