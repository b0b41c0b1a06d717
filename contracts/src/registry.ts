import { z } from 'zod';
import { ApprovalDecided, ApprovalRequested } from './approval/approval.v1';
import { PipelineFinished, PipelinePlanned, StepDeadline } from './pipeline/lifecycle.v1';
import { PipelineRequest } from './pipeline/pipeline-request.v1';
import { STEP_KINDS, type WorkStepKind } from './step/kinds';
import { StepStarted } from './step/lifecycle';
import { IncidentEvent } from './incident/incident.v1';
import { DriftEvent } from './infrastructure/drift.v1';
import { OperatorDecided, RolloutCommanded, RolloutProgressed } from './rollout/rollout.v1';

/** One persisted event type: its schema and how it maps onto CloudEvents and CDEvents. */
export interface EventContract {
  readonly schema: z.ZodType;
  /** The CDEvents type this event corresponds to, for CD tools that speak CDEvents. */
  readonly cdevent?: string;
  readonly summary: string;
}

type Kinds = typeof STEP_KINDS;
type Contract<S extends z.ZodType> = { readonly schema: S; readonly cdevent: string; readonly summary: string };
/** The three subjects of every step kind, typed per kind (derived from STEP_KINDS). */
type StepEvents = { [K in WorkStepKind as `jetway.step.${K}.triggered.v1`]: Contract<Kinds[K]['triggered']> } & {
  [K in WorkStepKind as `jetway.step.${K}.started.v1`]: Contract<typeof StepStarted>;
} & { [K in WorkStepKind as `jetway.step.${K}.finished.v1`]: Contract<Kinds[K]['finished']> };

function stepEvents(): StepEvents {
  const entries = Object.entries(STEP_KINDS).flatMap(([kind, spec]) => [
    [`jetway.step.${kind}.triggered.v1`, { schema: spec.triggered, cdevent: spec.cdevents.triggered, summary: spec.asks }],
    [`jetway.step.${kind}.started.v1`, { schema: StepStarted, cdevent: spec.cdevents.started, summary: `A ${spec.owner} took the step.` }],
    [`jetway.step.${kind}.finished.v1`, { schema: spec.finished, cdevent: spec.cdevents.finished, summary: spec.tells }],
  ]);
  return Object.fromEntries(entries) as StepEvents;
}

/**
 * Every persisted subject, `jetway.<domain>.<event>.v<major>`. Within a major only optional
 * fields may be added; a breaking change is a new subject (and an upcaster from the old one).
 */
export const events = {
  'jetway.pipeline.requested.v1': {
    schema: PipelineRequest,
    cdevent: 'dev.cdevents.pipelinerun.queued.0.2.0',
    summary: 'A user asks for a pipeline run (CLI, webhook, CI job): one schema per pipeline kind.',
  },
  'jetway.pipeline.planned.v1': {
    schema: PipelinePlanned,
    cdevent: 'dev.cdevents.pipelinerun.started.0.2.0',
    summary: 'The planner accepted the request and derived its step DAG.',
  },
  'jetway.pipeline.finished.v1': {
    schema: PipelineFinished,
    cdevent: 'dev.cdevents.pipelinerun.finished.0.2.0',
    summary: 'A run ended: succeeded, failed or rejected, with the reason.',
  },
  'jetway.timer.step-deadline.v1': {
    schema: StepDeadline,
    summary: "The planner's deadline alarm for one step attempt.",
  },
  ...stepEvents(),
  'jetway.approval.requested.v1': { schema: ApprovalRequested, summary: 'A run waits for a human decision.' },
  'jetway.approval.decided.v1': { schema: ApprovalDecided, summary: 'Somebody approved or rejected.' },
  'jetway.rollout.progressed.v1': { schema: RolloutProgressed, cdevent: 'dev.cdevents.service.upgraded.0.2.0', summary: 'A rollout moved: a weight set, an analysis decided, a pause, a promotion, an abort.' },
  'jetway.operator.decided.v1': { schema: OperatorDecided, summary: 'An operator promoted, aborted or cancelled (signed).' },
  'jetway.incident.detected.v1': { schema: IncidentEvent, cdevent: 'dev.cdevents.incident.detected.0.2.0', summary: 'An alert fired (from Alertmanager, through the alert ingress).' },
  'jetway.incident.resolved.v1': { schema: IncidentEvent, cdevent: 'dev.cdevents.incident.resolved.0.2.0', summary: 'A firing alert resolved.' },
  'jetway.infra.drift.detected.v1': { schema: DriftEvent, cdevent: 'dev.cdevents.incident.detected.0.2.0', summary: 'A stack drifted from its applied configuration (once per episode).' },
  'jetway.infra.drift.resolved.v1': { schema: DriftEvent, cdevent: 'dev.cdevents.incident.resolved.0.2.0', summary: 'A drifted stack is back in sync.' },
  'jetway.rollout.commanded.v1': { schema: RolloutCommanded, summary: 'The planner tells the deployer to promote or abort a rollout.' },
} satisfies Record<string, EventContract>;

export type EventSubject = keyof typeof events;
/** The payload a subject carries once parsed (defaults filled in). */
export type EventPayload<S extends EventSubject> = z.output<(typeof events)[S]['schema']>;
/** What a publisher may pass for a subject (defaults may be left out). */
export type EventInput<S extends EventSubject> = z.input<(typeof events)[S]['schema']>;

export const EVENT_SUBJECTS = Object.keys(events) as EventSubject[];

export function isEventSubject(subject: string): subject is EventSubject {
  return Object.hasOwn(events, subject);
}

export type { WorkStepKind };
export type StepPhase = 'triggered' | 'started' | 'finished';
export type StepSubject<K extends WorkStepKind, P extends StepPhase> = `jetway.step.${K}.${P}.v1`;

export function stepSubject<K extends WorkStepKind, P extends StepPhase>(kind: K, phase: P): StepSubject<K, P> {
  return `jetway.step.${kind}.${phase}.v1`;
}

/** Core NATS request/reply subjects (not persisted). */
export const queries = {
  runStatus: 'jetway.query.run-status.v1',
  runLookup: 'jetway.query.run-lookup.v1',
  runList: 'jetway.query.run-list.v1',
  releaseHistory: 'jetway.query.release-history.v1',
  infraDrift: 'jetway.query.infra-drift.v1',
  infraChangelog: 'jetway.query.infra-changelog.v1',
} as const;
