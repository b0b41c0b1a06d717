import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuildTriggered } from '@jetway/contracts';
import { artifactObjectName, buildLogObjectName, type ArtifactStore } from './artifact-store.port';
import type { BuildDriver } from './build-driver.port';

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
  log_object: string;
  log_tail: string;
}

export type BuildArtifactResult =
  | { ok: true; outputs: BuildArtifactOutputs }
  /** The build itself failed (outcome `failed`); the log was still stored under `log_object`. */
  | { ok: false; reason: string; log_object: string; log_tail: string };

/**
 * Builds the triggered source with the driver (the command driver prepares a workspace, runs the
 * build command and packs the output into a deterministic tar.gz), stores the archive under
 * {@link artifactObjectName} and the log under {@link buildLogObjectName}, then removes the
 * scratch directory. A failing build resolves with
 * `ok: false`; bad input rejects with `PermanentError`, infrastructure trouble with `TransientError`.
 */
export async function buildArtifact(trigger: BuildTriggered, deps: BuildArtifactDeps): Promise<BuildArtifactResult> {
  await mkdir(deps.workRoot, { recursive: true });
  // A unique directory per delivery: a redelivered message may run while a slow first copy still does.
  const scratchDir = await mkdtemp(join(deps.workRoot, `${trigger.run_id}-${trigger.step_id}-${trigger.attempt}-`));
  try {
    const result = await deps.driver.build(trigger, scratchDir);
    const logObject = buildLogObjectName(trigger);
    await deps.store.put(logObject, result.logPath);
    if (!result.ok) {
      return { ok: false, reason: result.reason, log_object: logObject, log_tail: result.logTail };
    }
    const name = artifactObjectName(result.digest);
    // Content-addressed: an existing object already holds these bytes.
    if (!(await deps.store.has(name))) await deps.store.put(name, result.archivePath);
    return {
      ok: true,
      outputs: { digest: result.digest, size_bytes: result.sizeBytes, log_object: logObject, log_tail: result.logTail },
    };
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }
}
