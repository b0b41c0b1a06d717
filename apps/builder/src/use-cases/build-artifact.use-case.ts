import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildTriggered } from '@jetway/contracts';
import { keepStepLogFile, type KeptStepLog } from '@jetway/messaging';
import { artifactObjectName, type ArtifactStore } from './artifact-store.port';
import type { BuildDriver } from './build-driver.port';

/** At most this much of the log goes into a failure reason (the contract caps reasons at 4000). */
export const REASON_LOG_CHARS = 1500;

export interface BuildArtifactDeps {
  /** Directory under which each build gets its own scratch directory, removed when the build ends. */
  workRoot: string;
  store: ArtifactStore;
  /** Makes the artifact file: `command` (the default) or `noop`, as the builder's config says. */
  driver: BuildDriver;
}

/** Fields of `BuildOutputs` (contracts), ready for `step.build.finished`. */
export interface BuildArtifactOutputs {
  digest: string;
  size_bytes: number;
  log_tail: string;
  /** The source tree the build read, packed and stored like an artifact (absent for the noop driver). */
  source_digest?: string;
}

/**
 * With the step's log, kept whether the build succeeded or failed ({@link keepStepLogFile}):
 * inline in `log` when small, else stored and named by `log_object`; what `step.build.finished`
 * carries at its top level.
 */
export type BuildArtifactResult = (
  | { ok: true; outputs: BuildArtifactOutputs }
  /** The build itself failed (outcome `failed`): why, then the log's last lines, once. */
  | { ok: false; reason: string }
) &
  KeptStepLog;

/**
 * Builds the triggered source with the driver (the command driver prepares a workspace, packs
 * the source tree, runs the build command and packs the output into a deterministic tar.gz),
 * stores the archive and the source tree under {@link artifactObjectName}, keeps the log (inline
 * or stored, {@link keepStepLogFile}), then removes the scratch directory. A failing build resolves with
 * `ok: false`; bad input rejects with `PermanentError`, infrastructure trouble with `TransientError`.
 */
export async function buildArtifact(trigger: BuildTriggered, deps: BuildArtifactDeps): Promise<BuildArtifactResult> {
  await mkdir(deps.workRoot, { recursive: true });
  // A unique directory per delivery: a redelivered message may run while a slow first copy still does.
  const scratchDir = await mkdtemp(join(deps.workRoot, `${trigger.run_id}-${trigger.step_id}-${trigger.attempt}-`));
  try {
    const result = await deps.driver.build(trigger, scratchDir);
    const log = await keepStepLogFile(trigger, result.logPath, (name, path) => deps.store.put(name, path));
    if (!result.ok) return { ok: false, reason: failureReason(result.reason, result.logTail, trigger), ...log };
    await deps.store.putOnce(artifactObjectName(result.digest), result.archivePath);
    if (result.source) await deps.store.putOnce(artifactObjectName(result.source.digest), result.source.archivePath);
    const outputs: BuildArtifactOutputs = {
      digest: result.digest,
      size_bytes: result.sizeBytes,
      log_tail: result.logTail,
      ...(result.source ? { source_digest: result.source.digest } : {}),
    };
    return { ok: true, outputs, ...log };
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }
}

/**
 * Why the build failed, then where the whole log is (a command, not an object name nobody can
 * open), then the log's last lines: the only place the tail appears.
 */
export function failureReason(why: string, logTail: string, step: Pick<BuildTriggered, 'run_id' | 'step_id'>): string {
  const whole = `full log: jetway logs ${step.run_id} --step ${step.step_id}`;
  if (logTail.trim() === '') return `${why}; the build printed nothing (${whole})`;
  const tail = logTail.length > REASON_LOG_CHARS ? `…${logTail.slice(-REASON_LOG_CHARS)}` : logTail;
  return `${why}; last lines of the log (${whole}):\n${tail}`;
}
