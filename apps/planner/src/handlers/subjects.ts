import { stepSubject, WORK_STEP_KINDS, type EventPayload, type StepSubject, type WorkStepKind } from '@jetway/contracts';

/** The planner hears every step kind's started and finished events (derived from STEP_KINDS). */
export const STARTED_SUBJECTS = WORK_STEP_KINDS.map((kind) => stepSubject(kind, 'started'));
export const FINISHED_SUBJECTS = WORK_STEP_KINDS.map((kind) => stepSubject(kind, 'finished'));
export type AnyStepFinished = EventPayload<StepSubject<WorkStepKind, 'finished'>>;
