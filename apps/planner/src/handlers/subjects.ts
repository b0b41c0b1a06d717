import { stepSubject, type EventPayload, type WorkStepKind } from '@jetway/contracts';

const KINDS: WorkStepKind[] = ['build', 'scan', 'deploy', 'verify', 'monitor'];

export const STARTED_SUBJECTS = KINDS.map((kind) => stepSubject(kind, 'started'));
export const FINISHED_SUBJECTS = KINDS.map((kind) => stepSubject(kind, 'finished'));

export type AnyStepFinished = EventPayload<(typeof FINISHED_SUBJECTS)[number]>;
