import { z } from 'zod';
import { AppName, Digest } from '../common';
import { ArtifactSource, BuildSpec } from '../pipeline/inputs';
import { StepRef, stepFinished } from './lifecycle';

/** Build the source into a tar.gz artifact stored in the Object Store under its digest. */
export const BuildTriggered = StepRef.extend({
  application: AppName,
  source: ArtifactSource,
  build: BuildSpec,
});
export type BuildTriggered = z.infer<typeof BuildTriggered>;

export const BuildOutputs = z.object({
  digest: Digest,
  size_bytes: z.number().int().min(0),
  /**
   * Object Store name of the full build log, as builders before the inline `log` set it. Nothing
   * reads it here: the step's log is the `finished` event's `log` or `log_object`.
   */
  log_object: z.string().optional(),
  log_tail: z.string(),
  /** Digest of the source tree as the builder checked it out (packed like an artifact): the scanner scans it too. */
  source_digest: Digest.optional(),
});
export const BuildFinished = stepFinished(BuildOutputs);
export type BuildFinished = z.infer<typeof BuildFinished>;
