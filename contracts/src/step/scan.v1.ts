import { z } from 'zod';
import { AppName, Digest, Severity } from '../common';
import { StepRef, stepFinished } from './lifecycle';

/** Scan the artifact with this digest; the verdict fails at or above `fail_on_severity`. */
export const ScanTriggered = StepRef.extend({
  application: AppName,
  digest: Digest,
  /** The source tree the artifact was built from; scanned as well, findings reported per target. */
  source_digest: Digest.optional(),
  fail_on_severity: Severity,
});
export type ScanTriggered = z.infer<typeof ScanTriggered>;

export const ScanOutputs = z.object({
  digest: Digest,
  verdict: z.enum(['pass', 'fail']),
  counts: z.record(Severity, z.number().int().min(0)),
  /** The first findings, most severe first; the full list is in the SARIF report. */
  top_findings: z.array(
    z.object({
      rule: z.string(),
      severity: Severity,
      file: z.string(),
      line: z.number().int().min(0),
      /** Which tree the file is in: the build output (`artifact`) or the source it was built from. */
      target: z.enum(['artifact', 'source']).optional(),
      /** What matched, with any secret masked (e.g. `AKIA…MPLE`). */
      excerpt: z.string().max(200).optional(),
    }),
  ),
  /** The trees scanned: the artifact always, the source when the build recorded one. */
  targets: z.array(z.enum(['artifact', 'source'])).optional(),
  /** Object Store name of the SARIF 2.1.0 report. */
  sarif_object: z.string(),
});
export const ScanFinished = stepFinished(ScanOutputs);
export type ScanFinished = z.infer<typeof ScanFinished>;
