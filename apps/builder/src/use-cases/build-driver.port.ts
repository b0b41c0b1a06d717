import type { BuildTriggered } from '@jetway/contracts';

/** A tree packed as a deterministic tar.gz: where it is and its content address. */
export interface PackedTree {
  digest: string;
  sizeBytes: number;
  archivePath: string;
}

/**
 * What a build driver leaves in the scratch directory it was given: the artifact (a tar.gz), the
 * build log and, when the driver read a source tree, that tree packed the same way, on success;
 * the log and why (one line, without the log: the caller adds its tail) when the build failed.
 */
export type DriverBuildResult =
  | { ok: true; digest: string; sizeBytes: number; archivePath: string; logPath: string; logTail: string; source?: PackedTree }
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
