import { z } from 'zod';
import { Attempt, RunId, StepId, StepOutcome } from '../common';

/** Fields every step event carries: which run, which step, which attempt. */
export const StepRef = z.object({ run_id: RunId, step_id: StepId, attempt: Attempt });

/** `step.<kind>.started`: a worker took the step; the planner marks it running. */
export const StepStarted = StepRef.extend({ worker: z.string().min(1) });
export type StepStarted = z.infer<typeof StepStarted>;

/**
 * Builds the `step.<kind>.finished` schema: the outcome, a human reason when it is not
 * `succeeded` (or, for a success that changed nothing, what it found), the kind's outputs
 * (present when succeeded; a failed step may carry them as evidence, e.g. a failed scan's
 * findings) and the Object Store name of the step's log, which `jetway logs` prints.
 */
export function stepFinished<O extends z.ZodType>(outputs: O) {
  return StepRef.extend({
    outcome: StepOutcome,
    reason: z.string().max(4000).optional(),
    duration_ms: z.number().int().min(0),
    outputs: outputs.optional(),
    /** Object Store name of the step's full log (build output, instance logs); absent when the step keeps none. */
    log_object: z.string().min(1).optional(),
    /** The worker that did the step (`host:pid`; absent when a delivery replayed a recorded result): a step done within a second published no `started` to name it. */
    worker: z.string().min(1).optional(),
  });
}
