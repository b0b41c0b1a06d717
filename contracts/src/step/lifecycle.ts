import { z } from 'zod';
import { Attempt, RunId, StepId, StepOutcome } from '../common';
import { INLINE_LOG_BYTES } from '../topology';

/** Fields every step event carries: which run, which step, which attempt. */
export const StepRef = z.object({ run_id: RunId, step_id: StepId, attempt: Attempt });

/** `step.<kind>.started`: a worker took the step; the planner marks it running. */
export const StepStarted = StepRef.extend({ worker: z.string().min(1) });
export type StepStarted = z.infer<typeof StepStarted>;

/**
 * A step log small enough to travel in its `finished` event: at most INLINE_LOG_BYTES in UTF-8
 * (the character bound is the same number, for JSON Schema readers; the byte bound is the rule).
 */
const OVER_INLINE = `is over ${INLINE_LOG_BYTES} bytes (UTF-8): store a larger log as an object and name it in log_object`;
export const InlineStepLog = z
  .string()
  .max(INLINE_LOG_BYTES, OVER_INLINE)
  // Only when the characters fit: a string over the bound by characters is refused once, above.
  .refine((text) => text.length > INLINE_LOG_BYTES || Buffer.byteLength(text, 'utf8') <= INLINE_LOG_BYTES, OVER_INLINE);

/**
 * Builds the `step.<kind>.finished` schema: the outcome, a human reason when it is not
 * `succeeded` (or, for a success that changed nothing, what it found), the kind's outputs
 * (present when succeeded; a failed step may carry them as evidence, e.g. a failed scan's
 * findings) and the step's log, which `jetway logs` prints: inline in `log` when it is at most
 * INLINE_LOG_BYTES, else stored in the Object Store and named by `log_object`; never both.
 */
export function stepFinished<O extends z.ZodType>(outputs: O) {
  return StepRef.extend({
    outcome: StepOutcome,
    reason: z.string().max(4000).optional(),
    duration_ms: z.number().int().min(0),
    outputs: outputs.optional(),
    /** The step's whole log, when it is at most INLINE_LOG_BYTES (UTF-8): no object is stored for it. Absent when `log_object` names it or the step keeps none. */
    log: InlineStepLog.optional(),
    /** Object Store name of the step's log (build output, instance logs) when it is over INLINE_LOG_BYTES; absent when `log` carries it or the step keeps none. */
    log_object: z.string().min(1).optional(),
    /** The worker that did the step (`host:pid`; absent when a delivery replayed a recorded result): a step done within a second published no `started` to name it. */
    worker: z.string().min(1).optional(),
  }).refine((finished) => finished.log === undefined || finished.log_object === undefined, {
    message: 'log and log_object: one or the other, not both (a log of at most INLINE_LOG_BYTES goes inline in log, a larger one is stored and named in log_object)',
    path: ['log'],
  });
}
